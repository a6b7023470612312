package dev.aurelis.gateway.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading a body of a declared length: exactly its bytes, whatever the stream actually holds, read to its end. */
class RequestBodiesTests {

    private static final byte[] BODY = "{\"model\":\"m\",\"messages\":[]}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aBodyOfTheDeclaredLengthIsReadWholeAndToItsEnd() throws IOException {
        Ends in = new Ends(BODY);
        assertThat(RequestBodies.ofLength(in, BODY.length)).isEqualTo(BODY);
        assertThat(in.endSeen).as("the end is read, which gives a provider's connection back").isTrue();
    }

    @Test
    void aStreamShorterOrLongerThanDeclaredGivesWhatItHeld() throws IOException {
        assertThat(RequestBodies.ofLength(new Ends(BODY), BODY.length + 10)).isEqualTo(BODY);
        assertThat(RequestBodies.ofLength(new Ends(BODY), BODY.length - 5)).isEqualTo(BODY);
        assertThat(RequestBodies.ofLength(new Ends(BODY), 0)).isEqualTo(BODY);
    }

    @Test
    void anUnknownOrImplausibleLengthIsReadInChunks() throws IOException {
        assertThat(RequestBodies.ofLength(new Ends(BODY), -1)).isEqualTo(BODY);
        assertThat(RequestBodies.ofLength(new Ends(BODY), Long.MAX_VALUE)).as("no array of the declared size")
                .isEqualTo(BODY);
    }

    /** A stream that notes when a read found its end. */
    private static final class Ends extends InputStream {
        private final ByteArrayInputStream in;
        private boolean endSeen;

        Ends(byte[] bytes) {
            this.in = new ByteArrayInputStream(bytes);
        }

        @Override
        public int read() {
            int b = in.read();
            endSeen |= b < 0;
            return b;
        }

        @Override
        public int read(byte[] bytes, int offset, int length) {
            int n = in.read(bytes, offset, length);
            endSeen |= n < 0;
            return n;
        }
    }
}
