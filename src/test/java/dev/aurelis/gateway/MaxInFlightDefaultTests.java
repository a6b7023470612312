package dev.aurelis.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Without a configured {@code gateway.max_in_flight}, the heap decides how many exchanges fit (ADR 0082). */
class MaxInFlightDefaultTests {

    private static final long MB = 1024L * 1024;

    @Test
    void oneExchangePerHalfMegabyteOfHeapWithinBounds() {
        assertThat(GatewaySettings.defaultMaxInFlight(512 * MB)).as("the launcher's heap").isEqualTo(1_024);
        assertThat(GatewaySettings.defaultMaxInFlight(1_024 * MB)).isEqualTo(2_048);
        assertThat(GatewaySettings.defaultMaxInFlight(16 * MB)).as("never fewer than 64").isEqualTo(64);
        assertThat(GatewaySettings.defaultMaxInFlight(64 * 1_024 * MB)).as("never more than 4,096").isEqualTo(4_096);
    }

    @Test
    void aConfiguredLimitWinsAndLeavingItOutRestoresTheDefault() {
        GatewaySettings settings = new GatewaySettings();
        settings.configure(0, null, null, null, 300);
        assertThat(settings.maxInFlight()).isEqualTo(300);
        settings.configure(0, null, null, null, null);
        assertThat(settings.maxInFlight())
                .isEqualTo(GatewaySettings.defaultMaxInFlight(Runtime.getRuntime().maxMemory()));
    }
}
