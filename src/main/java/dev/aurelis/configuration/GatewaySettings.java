package dev.aurelis.configuration;

import jakarta.validation.constraints.Positive;
import tools.jackson.databind.PropertyNamingStrategies;
import tools.jackson.databind.annotation.JsonNaming;

/**
 * {@code gateway:} limits of the client-facing endpoints.
 *
 * @param maxBodySize      largest request body accepted; default 32 MiB (coding agents send ~80 KB, images more)
 * @param defaultMaxTokens output cap sent upstream, and reserved against budgets, when the client sets none; null
 *                         leaves such requests to the provider (4,096 when a chat request is translated for
 *                         Anthropic, which requires one)
 * @param maxInFlight      exchanges handled at once, streams included; more are refused at once with a 503 (529 for
 *                         Anthropic clients) and {@code retry-after}; default one per 512 KB of heap
 *                         (1,024 with the launcher's 512 MB), at least 64 and at most 4,096
 * @param firstByteTimeout seconds a provider may take to start a streamed answer (its headers, then its first
 *                         event) before the attempt fails over; default 30, never above the provider's timeout
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record GatewaySettings(ByteSize maxBodySize, @Positive(message = "must be at least 1") Integer defaultMaxTokens,
        @Positive(message = "must be at least 1") Integer maxInFlight,
        @Positive(message = "must be at least 1 second") Integer firstByteTimeout) {

    public static final ByteSize DEFAULT_MAX_BODY_SIZE = ByteSize.ofMebibytes(32);

    public GatewaySettings {
        maxBodySize = Defaults.orElse(maxBodySize, DEFAULT_MAX_BODY_SIZE);
    }

    public static GatewaySettings defaults() {
        return new GatewaySettings(null, null, null, null);
    }
}
