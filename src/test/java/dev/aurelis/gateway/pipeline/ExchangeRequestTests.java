package dev.aurelis.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.gateway.wire.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** What a request holds of its bytes (ADR 0077): the client's only, until they are sent; nothing once its answer started (ADR 0083). */
class ExchangeRequestTests {

    private static final String SENT = "{\"model\":\"claude\", \"max_tokens\": 10,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private final byte[] client = SENT.getBytes(StandardCharsets.UTF_8);
    private final ExchangeRequest parsed = new ExchangeRequest(Json.readObject(client), client, "claude", true);

    @Test
    void forwardsTheClientsOwnBytesWhileNothingChangedThem() {
        assertThat(parsed.raw()).isSameAs(client);
        // once a step rewrote it, even to the same tree, the body is serialised again, never the client's bytes
        assertThat(parsed.rewritten(parsed.body()).raw()).isNotSameAs(client);
    }

    @Test
    void serialisesARewrittenBodyWhenItIsSentNotWhenItIsRewritten() {
        ObjectNode capped = Json.topLevelCopy(parsed.body());
        ExchangeRequest rewritten = parsed.rewritten(capped);
        capped.put("max_tokens", 5); // a later step's change is in what is sent: nothing was serialised before

        assertThat(Json.readObject(rewritten.raw()).path("max_tokens").asInt()).isEqualTo(5);
        assertThat(Json.readObject(parsed.raw()).path("max_tokens").asInt()).isEqualTo(10);
        assertThat(rewritten.raw()).isNotSameAs(rewritten.raw()); // not kept: an attempt asks once
    }

    @Test
    void releasingTheClientBytesOfAnyRewriteReleasesThemForTheRequestItCameFrom() {
        ExchangeRequest rewritten = parsed.rewritten(Json.topLevelCopy(parsed.body()));

        rewritten.releaseClientBytes();

        assertThat(parsed.holdsClientBytes()).isFalse();
        assertThat(rewritten.holdsClientBytes()).isFalse();
        // a later attempt still sends the same JSON, serialised from the parsed body
        assertThat(Json.readObject(parsed.raw())).isEqualTo(Json.readObject(client));
    }
    @Test
    void onceTheAnswerStartedNoRequestOfTheExchangeHoldsItsParsedBody() {
        ExchangeRequest screened = parsed.rewritten(Json.topLevelCopy(parsed.body()));
        ExchangeRequest capped = screened.rewritten(Json.topLevelCopy(screened.body()));
        assertThat(parsed.streamed()).isTrue();

        capped.releaseBodies();

        for (ExchangeRequest request : java.util.List.of(parsed, screened, capped)) {
            assertThat(request.holdsBody()).isFalse();
            assertThat(request.holdsClientBytes()).isFalse();
            assertThat(org.assertj.core.api.Assertions.catchThrowable(request::body))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("released");
            // what the relay still steers by stays
            assertThat(request.model()).isEqualTo("claude");
            assertThat(request.streamed()).isTrue();
        }
    }
}
