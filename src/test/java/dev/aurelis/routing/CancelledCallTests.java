package dev.aurelis.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.aurelis.providers.AuthStyle;
import dev.aurelis.providers.ProviderSettings;
import dev.aurelis.providers.UpstreamClient;
import dev.aurelis.providers.UpstreamFailure;
import dev.aurelis.providers.UpstreamOperation;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.testing.FakeUpstream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A call that Aurelis stops itself (the exchange's thread is interrupted, as on shutdown) is its own doing: the
 * real HTTP client's interruption must not read as "could not connect", which the breaker counts (ADR 0073).
 */
class CancelledCallTests {

    private static final FakeUpstream FAKE = FakeUpstream.start();

    @AfterAll
    static void stop() {
        FAKE.close();
    }

    @Test
    void aCallStoppedByOurOwnThreadIsACancellationThatNoBreakerCounts() {
        UpstreamClient client = new UpstreamClient();
        ProviderSettings provider = new ProviderSettings("fake", "openai", WireFormat.OPENAI_CHAT,
                URI.create(FAKE.baseUrl() + "/v1"), "sk-test", AuthStyle.BEARER, null, Map.of(), false, "us", false,
                Duration.ofSeconds(30), List.of());
        URI uri = client.endpoint(provider, UpstreamOperation.CHAT, "gpt-4o", null);
        byte[] body = "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                .getBytes(StandardCharsets.UTF_8);

        Thread.currentThread().interrupt(); // the gateway stops this exchange's thread
        UpstreamFailure failure;
        try {
            failure = catchThrowableOfType(UpstreamFailure.class,
                    () -> client.send(provider, uri, Map.of(), body, Duration.ofSeconds(30)));
        } finally {
            Thread.interrupted();
        }

        assertThat(failure).as("an interrupted call fails").isNotNull();
        assertThat(failure.kind().name()).isEqualTo("CANCELLED");
        AttemptFailure attempt = AttemptFailure.of(failure);
        assertThat(attempt.countsAgainstDeployment()).as("the provider did nothing wrong").isFalse();
        assertThat(attempt.mayTryAnotherDeployment()).as("a cancelled exchange is over").isFalse();
    }
}
