package dev.aurelis.routing.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.aurelis.providers.AuthStyle;
import dev.aurelis.providers.Deployment;
import dev.aurelis.providers.ModelDeployment;
import dev.aurelis.providers.ProviderSettings;
import dev.aurelis.providers.WireFormat;
import dev.aurelis.routing.DeploymentStatus;
import dev.aurelis.routing.RoutingSettings.BreakerPolicy;
import dev.aurelis.routing.health.DeploymentHealth.Permit;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The breaker of one deployment: window 4, opens at a failure rate of 0.5 over at least 2 attempts, 30 s cooldown. */
class CircuitBreakerTests {

    private static final BreakerPolicy POLICY = new BreakerPolicy(true, 0.5, 2, 4, Duration.ofSeconds(30), 1);
    private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

    private final DeploymentHealth health = new DeploymentHealth("east/gpt-4o", deployment(), POLICY);

    @Test
    void staysClosedUntilTheWindowHoldsTheMinimumOfAttempts() {
        fail(T0);

        assertThat(health.breaker()).isEqualTo(DeploymentHealth.Breaker.CLOSED);
        assertThat(health.acquire(T0)).isEqualTo(Permit.CALL);
    }

    @Test
    void opensWhenTheFailureRateReachesTheThresholdAndRefusesCallsDuringTheCooldown() {
        succeed(T0);
        fail(T0);

        assertThat(health.breaker()).isEqualTo(DeploymentHealth.Breaker.OPEN);
        assertThat(health.acquire(T0.plusSeconds(29))).isEqualTo(Permit.DENIED);
        assertThat(health.availableFrom(T0)).isEqualTo(T0.plusSeconds(30));
        assertThat(health.status(T0).state()).isEqualTo("unavailable");
        assertThat(health.status(T0).retryAt()).isEqualTo(T0.plusSeconds(30));
    }

    @Test
    void staysClosedWhileFailuresStayBelowTheRate() {
        succeed(T0);
        succeed(T0);
        succeed(T0);
        fail(T0);
        assertThat(health.breaker()).isEqualTo(DeploymentHealth.Breaker.CLOSED);
        assertThat(health.errorRate()).isEqualTo(0.25);

        // the window slides: the oldest successes leave it as new failures come in
        fail(T0);
        assertThat(health.breaker()).as("2 failures of 4").isEqualTo(DeploymentHealth.Breaker.OPEN);
    }

    @Test
    void halfOpensAfterTheCooldownAndLetsOneTrialThrough() {
        open(T0);

        Instant later = T0.plusSeconds(30);
        assertThat(health.acquire(later)).isEqualTo(Permit.TRIAL);
        assertThat(health.breaker()).isEqualTo(DeploymentHealth.Breaker.HALF_OPEN);
        assertThat(health.acquire(later)).as("a second caller while the trial runs").isEqualTo(Permit.DENIED);
        assertThat(health.status(later).state()).isEqualTo("probing");
    }

    @Test
    void closesWithAnEmptyWindowWhenTheTrialSucceeds() {
        open(T0);
        Instant later = T0.plusSeconds(31);
        Permit trial = health.acquire(later);

        health.succeeded(trial, Duration.ofMillis(120));

        assertThat(health.breaker()).isEqualTo(DeploymentHealth.Breaker.CLOSED);
        assertThat(health.errorRate()).isZero();
        assertThat(health.acquire(later)).isEqualTo(Permit.CALL);
        assertThat(health.status(later).state()).isEqualTo("healthy");
    }

    @Test
    void opensAgainForAFullCooldownWhenTheTrialFails() {
        open(T0);
        Instant later = T0.plusSeconds(30);
        Permit trial = health.acquire(later);

        health.failed(trial, "503: HTTP 503", later);

        assertThat(health.breaker()).isEqualTo(DeploymentHealth.Breaker.OPEN);
        assertThat(health.acquire(later.plusSeconds(29))).isEqualTo(Permit.DENIED);
        assertThat(health.acquire(later.plusSeconds(30))).isEqualTo(Permit.TRIAL);
    }

    @Test
    void freesTheTrialWhenItsAttemptEndsWithoutAnOutcome() {
        open(T0);
        Instant later = T0.plusSeconds(30);
        Permit trial = health.acquire(later);

        health.released(trial);

        assertThat(health.acquire(later)).isEqualTo(Permit.TRIAL);
    }

    @Test
    void pausesForARetryAfterWithoutOpening() {
        health.coolUntil(T0.plusSeconds(20));

        assertThat(health.acquire(T0.plusSeconds(19))).isEqualTo(Permit.DENIED);
        assertThat(health.breaker()).isEqualTo(DeploymentHealth.Breaker.CLOSED);
        assertThat(health.status(T0).coolingUntil()).isEqualTo(T0.plusSeconds(20));
        assertThat(health.acquire(T0.plusSeconds(20))).isEqualTo(Permit.CALL);
    }

    @Test
    void neverRefusesWhenDisabledButStillMeasures() {
        health.apply(new BreakerPolicy(false, 0.5, 2, 4, Duration.ofSeconds(30), 1));
        fail(T0);
        fail(T0);
        health.coolUntil(T0.plusSeconds(60));

        assertThat(health.acquire(T0)).isEqualTo(Permit.CALL);
        assertThat(health.breaker()).isEqualTo(DeploymentHealth.Breaker.CLOSED);
        assertThat(health.errorRate()).isEqualTo(1.0);
        assertThat(health.status(T0).failures()).isEqualTo(2);
    }

    @Test
    void reportsLatencyPercentilesOfRecentAnswers() {
        for (int millis = 1; millis <= 100; millis++) {
            health.succeeded(health.acquire(T0), Duration.ofMillis(millis));
        }

        DeploymentStatus.Latency latency = health.status(T0).latencyMs();
        assertThat(latency.p50()).isEqualTo(50);
        assertThat(latency.p95()).isEqualTo(95);
        assertThat(latency.p99()).isEqualTo(99);
        assertThat(latency.samples()).isEqualTo(100);
    }

    @Test
    void marksADeploymentDegradedAtHalfTheOpeningRate() {
        health.apply(new BreakerPolicy(true, 0.6, 4, 10, Duration.ofSeconds(30), 1));
        succeed(T0);
        succeed(T0);
        succeed(T0);
        fail(T0);
        assertThat(health.degraded()).as("1 of 4 is below 0.3").isFalse();

        fail(T0);
        assertThat(health.degraded()).as("2 of 5 is above 0.3").isTrue();
        assertThat(health.status(T0).state()).isEqualTo("degraded");
    }

    private void open(Instant at) {
        fail(at);
        fail(at);
        assertThat(health.breaker()).isEqualTo(DeploymentHealth.Breaker.OPEN);
    }

    private void succeed(Instant at) {
        health.succeeded(health.acquire(at), Duration.ofMillis(100));
    }

    private void fail(Instant at) {
        health.failed(health.acquire(at), "503: HTTP 503", at);
    }

    private static Deployment deployment() {
        ModelDeployment model = new ModelDeployment("gpt-4o", "gpt-4o-2024-08-06", null, false);
        ProviderSettings provider = new ProviderSettings("east", "openai", WireFormat.OPENAI_CHAT,
                URI.create("http://east.test/v1"), null, AuthStyle.BEARER, null, Map.of(), false, "us-east", false,
                Duration.ofSeconds(5), List.of(model));
        return new Deployment("gpt-4o", provider, model);
    }
}
