package dev.aurelis.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.aurelis.providers.UpstreamFailure;
import dev.aurelis.providers.WireFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** The attempts of one exchange: retry, back off, honour retry-after, fall over, and what each outcome teaches. */
class AttemptsTests {

    private static final AttemptFailure UNAVAILABLE = failure(503, null, "");

    private final Deployments world = new Deployments()
            .openAi("east", "us-east", "gpt-4o", "codestral-2501", "small:8000")
            .openAi("west", "us-west", "gpt-4o", "big:200000", "huge:1000000")
            .anthropic("anthropic", "us", "claude-sonnet-4-5")
            .price("big", "1.00", "2.00").price("huge", "0.50", "1.00");

    @Test
    void retriesATransientFailureOnceAfterABackoffThenFallsOver() {
        Attempts attempts = router(Deployments.settings()).attempts(plan("gpt-4o"));

        assertThat(attempts.first().key()).isEqualTo("east/gpt-4o");
        Attempt retry = attempts.next(UNAVAILABLE);
        assertThat(retry.key()).isEqualTo("east/gpt-4o");
        assertThat(retry.number()).isEqualTo(2);
        assertThat(world.sleeps).singleElement().satisfies(wait -> assertThat(wait).isBetween(
                Duration.ofMillis(50), Duration.ofMillis(100)));

        Attempt failover = attempts.next(UNAVAILABLE);
        assertThat(failover.key()).isEqualTo("west/gpt-4o");
        assertThat(failover.number()).isEqualTo(3);
        assertThat(world.sleeps).as("falling over does not wait").hasSize(1);

        assertThat(attempts.next(UNAVAILABLE).key()).isEqualTo("west/gpt-4o");
        assertThat(attempts.next(UNAVAILABLE)).as("nothing is left").isNull();
    }

    @Test
    void backsOffExponentiallyWithJitterUpToTheMaximum() {
        Attempts attempts = router(Deployments.settings()).attempts(plan("gpt-4o"));

        for (int retry = 0; retry < 8; retry++) {
            long step = Math.min(1000, 100L << retry);
            assertThat(attempts.backoff(retry)).isBetween(Duration.ofMillis(step / 2), Duration.ofMillis(step));
        }
    }

    @Test
    void stopsAtTheClientsOwnErrorWithoutBlamingTheDeployment() {
        Router router = router(Deployments.settings());
        Attempts attempts = router.attempts(plan(router, "gpt-4o"));
        attempts.first();

        assertThat(attempts.next(failure(400, null, "{\"error\":{\"message\":\"messages: roles must alternate\"}}"))).isNull();

        assertThat(status(router, "east/gpt-4o").failures()).isZero();
        assertThat(status(router, "east/gpt-4o").attempts()).isEqualTo(1);
    }

    @Test
    void fallsOverAtOnceWhenADeploymentTimesOut() {
        Attempts attempts = router(Deployments.settings()).attempts(plan("gpt-4o"));
        attempts.first();

        Attempt next = attempts.next(AttemptFailure.of(new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, "east",
                "Provider 'east' did not answer within 5 s", null)));

        assertThat(next.key()).isEqualTo("west/gpt-4o");
        assertThat(world.sleeps).isEmpty();
    }

    @Test
    void aCancellationOfOurOwnEndsTheExchangeAndSaysNothingOfTheDeployment() {
        Router router = router(Deployments.settings());

        for (int i = 0; i < 8; i++) {
            try (Attempts attempts = router.attempts(plan(router, "gpt-4o"))) {
                attempts.first();
                assertThat(attempts.next(AttemptFailure.of(new UpstreamFailure(UpstreamFailure.Kind.CANCELLED, "east",
                        "The call to provider 'east' was cancelled before it answered", null))))
                        .as("nothing follows the gateway's own cancellation").isNull();
            }
        }

        DeploymentStatus east = status(router, "east/gpt-4o");
        assertThat(east.failures()).isZero();
        assertThat(east.breaker()).isEqualTo("closed");
        assertThat(east.windowCalls()).as("neither a failure nor a success").isZero();
        assertThat(status(router, "west/gpt-4o").attempts()).as("nothing was failed over").isZero();
        assertThat(world.sleeps).isEmpty();
    }

    @Test
    void fallsOverAtOnceOnARateLimitAndPausesTheDeploymentForItsRetryAfter() {
        Router router = router(Deployments.settings());
        Attempts attempts = router.attempts(plan(router, "gpt-4o"));
        attempts.first();

        assertThat(attempts.next(failure(429, "20", "")).key()).isEqualTo("west/gpt-4o");
        assertThat(world.sleeps).isEmpty();

        Attempts later = router.attempts(plan(router, "gpt-4o"));
        assertThat(later.first().key()).as("east is not called before its retry-after").isEqualTo("west/gpt-4o");
        assertThat(later.plan().steps()).as("a paused deployment goes to the end of the plan")
                .extracting(RoutePlan.Step::key).containsExactly("west/gpt-4o", "east/gpt-4o");

        world.clock.advance(Duration.ofSeconds(20));
        assertThat(router.attempts(plan(router, "gpt-4o")).first().key()).isEqualTo("east/gpt-4o");
    }

    @Test
    void waitsOutAShortRetryAfterWhenNoOtherDeploymentIsLeft() {
        Attempts attempts = router(Deployments.settings()).attempts(plan("codestral-2501"));
        attempts.first();

        Attempt retry = attempts.next(failure(429, "3", ""));

        assertThat(retry.key()).isEqualTo("east/codestral-2501");
        assertThat(world.sleeps).singleElement().satisfies(wait -> assertThat(wait).isGreaterThanOrEqualTo(Duration.ofSeconds(3)));
    }

    @Test
    void passesALongRetryAfterOnToTheClient() {
        Attempts attempts = router(Deployments.settings()).attempts(plan("codestral-2501"));
        attempts.first();

        assertThat(attempts.next(failure(429, "60", ""))).isNull();
        assertThat(world.sleeps).isEmpty();
    }

    @Test
    void movesToTheNextLargerContextWindowAfterAContextLengthError() {
        Router router = router(Deployments.settings().fallback("gpt-4o"));
        Attempts attempts = router.attempts(plan(router, "small"));
        attempts.first();

        Attempt larger = attempts.next(failure(400, null, """
                {"error":{"message":"This model's maximum context length is 8000 tokens. However, your messages \
                resulted in 9120 tokens.","type":"invalid_request_error","code":"context_length_exceeded"}}"""));

        assertThat(larger.key()).isEqualTo("west/big");
        assertThat(larger.why()).isEqualTo("larger context window (200000 tokens)");
        assertThat(status(router, "east/small").failures()).as("the deployment did nothing wrong").isZero();
    }

    @Test
    void relaysAContextLengthErrorWhenNoLargerWindowIsConfigured() {
        Router router = router(Deployments.settings());
        Attempts attempts = router.attempts(plan(router, "huge"));
        attempts.first();

        assertThat(attempts.next(failure(400, null,
                "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"prompt is too long: "
                        + "1200000 tokens > 1000000 maximum\"}}"))).isNull();
    }

    @Test
    void opensTheBreakerAcrossExchangesAndClosesItWithASuccessfulTrial() {
        Router router = router(Deployments.settings());
        for (int exchange = 0; exchange < 2; exchange++) {
            Attempts attempts = router.attempts(plan(router, "gpt-4o"));
            assertThat(attempts.first().key()).isEqualTo("east/gpt-4o");
            attempts.next(UNAVAILABLE);
            attempts.next(UNAVAILABLE);
            attempts.succeeded(Duration.ofMillis(80)); // west answered
        }
        assertThat(status(router, "east/gpt-4o").breaker()).isEqualTo("open");

        Attempts whileOpen = router.attempts(plan(router, "gpt-4o"));
        assertThat(whileOpen.first().key()).isEqualTo("west/gpt-4o");

        world.clock.advance(Duration.ofSeconds(30));
        Attempts trial = router.attempts(plan(router, "gpt-4o"));
        assertThat(trial.first().key()).isEqualTo("east/gpt-4o");
        assertThat(status(router, "east/gpt-4o").breaker()).isEqualTo("half_open");
        trial.succeeded(Duration.ofMillis(90));

        assertThat(status(router, "east/gpt-4o").breaker()).isEqualTo("closed");
        assertThat(status(router, "east/gpt-4o").state()).isEqualTo("healthy");
    }

    @Test
    void freesAHalfOpenTrialThatEndedWithoutAnOutcome() {
        Router router = router(Deployments.settings());
        openEast(router);
        world.clock.advance(Duration.ofSeconds(30));

        try (Attempts abandoned = router.attempts(plan(router, "codestral-2501"))) {
            assertThat(abandoned.first().key()).isEqualTo("east/codestral-2501");
        }

        assertThat(router.attempts(plan(router, "codestral-2501")).first().key()).isEqualTo("east/codestral-2501");
    }

    @Test
    void refusesWithTheTimeToWaitWhenEveryDeploymentIsPaused() {
        Router router = router(Deployments.settings());
        openEast(router);

        assertThatThrownBy(() -> router.attempts(plan(router, "codestral-2501")).first())
                .isInstanceOfSatisfying(NoRoute.class, refused -> {
                    assertThat(refused.reason()).isEqualTo(NoRoute.Reason.UNAVAILABLE);
                    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(30));
                })
                .hasMessageContaining("try again in 30 s");
    }

    @Test
    void explainsTheChoiceAndEveryAttemptInTheRouteHeader() {
        Router router = router(Deployments.settings());
        Attempts attempts = router.attempts(router.plan(new RouteRequest("gpt-4o",
                new DetectedTask(Task.CODE_REVIEW, DetectedTask.Source.HEADER), WireFormat.OPENAI_CHAT, m -> true, false)));
        attempts.first();
        attempts.next(UNAVAILABLE);
        attempts.next(AttemptFailure.of(new UpstreamFailure(UpstreamFailure.Kind.CONNECT, "east", "refused", null)));

        assertThat(attempts.route()).isEqualTo("strategy=requested; task=code_review (header); requested=gpt-4o; "
                + "model=gpt-4o; deployment=west/gpt-4o; attempt=3; reason=requested model, 2 deployments in order; "
                + "tried=east/gpt-4o 503, east/gpt-4o connect");
    }

    @Test
    void keepsTheRouteHeaderToPrintableAscii() {
        Router router = router(Deployments.settings());
        Attempts attempts = router.attempts(router.plan(new RouteRequest("gpt-4o", DetectedTask.GENERAL,
                WireFormat.OPENAI_CHAT, m -> true, false)));
        attempts.first();

        assertThat(attempts.route()).matches("[\\x20-\\x7e]+");
    }

    @Test
    void classifiesProviderAnswers() {
        assertThat(failure(429, null, "").kind()).isEqualTo(AttemptFailure.Kind.RATE_LIMITED);
        assertThat(failure(503, null, "").kind()).isEqualTo(AttemptFailure.Kind.SERVER_ERROR);
        assertThat(failure(529, null, "").kind()).isEqualTo(AttemptFailure.Kind.SERVER_ERROR);
        assertThat(failure(408, null, "").kind()).isEqualTo(AttemptFailure.Kind.SERVER_ERROR);
        assertThat(failure(401, null, "").kind()).isEqualTo(AttemptFailure.Kind.REFUSED);
        assertThat(failure(404, null, "").kind()).isEqualTo(AttemptFailure.Kind.NOT_FOUND);
        assertThat(failure(400, null, "{\"error\":{\"message\":\"temperature must be <= 2\"}}").kind())
                .isEqualTo(AttemptFailure.Kind.CLIENT_ERROR);
        assertThat(failure(413, null, "{\"error\":{\"message\":\"Input is too long for requested model.\"}}").kind())
                .isEqualTo(AttemptFailure.Kind.CONTEXT_LENGTH);
        assertThat(failure(400, null, "{\"error\":{\"code\":\"context_length_exceeded\"}}").kind())
                .isEqualTo(AttemptFailure.Kind.CONTEXT_LENGTH);
        assertThat(failure(503, null, "").retriesSameDeployment()).isTrue();
        assertThat(failure(401, null, "").retriesSameDeployment()).isFalse();
        assertThat(failure(401, null, "").mayTryAnotherDeployment()).isTrue();
        assertThat(failure(422, null, "").mayTryAnotherDeployment()).isFalse();
    }

    @Test
    void readsRetryAfterInSecondsMillisecondsOrAsADate() {
        Instant now = Instant.parse("2026-03-02T10:00:00Z");

        assertThat(AttemptFailure.parseRetryAfter("7", null, now)).isEqualTo(Duration.ofSeconds(7));
        assertThat(AttemptFailure.parseRetryAfter("1.5", null, now)).isEqualTo(Duration.ofMillis(1500));
        assertThat(AttemptFailure.parseRetryAfter("7", "250", now)).isEqualTo(Duration.ofMillis(250));
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(now.plusSeconds(12).atOffset(ZoneOffset.UTC));
        assertThat(AttemptFailure.parseRetryAfter(date, null, now)).isEqualTo(Duration.ofSeconds(12));
        assertThat(AttemptFailure.parseRetryAfter("soon", null, now)).isNull();
        assertThat(AttemptFailure.parseRetryAfter(null, null, now)).isNull();
    }

    // ------------------------------------------------------------------------------------------ helpers

    private Router router;

    private Router router(Deployments.Settings settings) {
        router = world.router(settings.build());
        return router;
    }

    private RoutePlan plan(String model) {
        return plan(router, model);
    }

    private static RoutePlan plan(Router router, String model) {
        return router.plan(new RouteRequest(model, DetectedTask.GENERAL, WireFormat.OPENAI_CHAT, m -> true, false));
    }

    private static AttemptFailure failure(int status, String retryAfter, String body) {
        return AttemptFailure.ofStatus(status, retryAfter, null, body, Instant.parse("2026-03-02T10:00:00Z"));
    }

    private static DeploymentStatus status(Router router, String key) {
        return router.health().stream().filter(s -> s.deployment().equals(key)).findFirst().orElseThrow();
    }

    /** Four failures of east/codestral-2501 (no retries) open its breaker. */
    private void openEast(Router router) {
        for (int i = 0; i < 4; i++) {
            Attempts attempts = router.attempts(plan(router, "codestral-2501"));
            attempts.first();
            attempts.next(AttemptFailure.of(new UpstreamFailure(UpstreamFailure.Kind.TIMEOUT, "east", "slow", null)));
        }
        assertThat(status(router, "east/codestral-2501").breaker()).isEqualTo("open");
    }
}
