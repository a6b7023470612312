package dev.aurelis.routing;

import dev.aurelis.routing.RoutingSettings.RetryPolicy;
import dev.aurelis.routing.health.DeploymentHealth;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The attempts of one exchange along its {@link RoutePlan}: which deployment to call next, whether to retry the
 * same one first (with exponential backoff and jitter, never sooner than its {@code retry-after}), when to fall
 * over, and a deployment's health after each outcome. Used by one thread; close it when the exchange ends.
 *
 * <pre>{@code
 * try (Attempts attempts = router.attempts(plan)) {
 *     for (Attempt attempt = attempts.first(); attempt != null; ) {
 *         AttemptFailure failure = call(attempt.deployment());     // null: answered
 *         if (failure == null) { attempts.succeeded(latency); break; }
 *         attempt = attempts.next(failure);                        // may wait; null: none left
 *     }
 * }
 * }</pre>
 */
public final class Attempts implements AutoCloseable {

    /** Waits between tries; replaced in tests so they never sleep. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private static final int HISTORY_SHOWN = 8;

    private final Router router;
    private final RoutePlan plan;
    private final List<RoutePlan.Step> steps;
    private final RetryPolicy retry;
    private final boolean breakersEnabled;
    private final RoutingClock clock;
    private final Sleeper sleeper;
    private final RandomGenerator random;
    private final List<String> history = new ArrayList<>();

    private int index = -1;
    private int retriesOfCurrent;
    private int count;
    private Attempt current;
    private Attempt last;

    Attempts(Router router, RoutePlan plan, RoutingSettings settings, RoutingClock clock, Sleeper sleeper,
            RandomGenerator random) {
        this.router = router;
        this.plan = plan;
        this.steps = new ArrayList<>(plan.steps());
        this.retry = settings.retry();
        this.breakersEnabled = settings.breaker().enabled();
        this.clock = clock;
        this.sleeper = sleeper;
        this.random = random;
    }

    public RoutePlan plan() {
        return plan;
    }

    /**
     * The first attempt: the first deployment of the plan that may be called now.
     *
     * @throws NoRoute ({@link NoRoute.Reason#UNAVAILABLE}) when every deployment is paused
     */
    public Attempt first() {
        if (count > 0) {
            throw new IllegalStateException("first() starts the attempts of an exchange once");
        }
        Attempt attempt = advance();
        if (attempt == null) {
            Instant now = clock.now();
            Instant soonest = null;
            for (RoutePlan.Step step : steps) {
                Instant from = router.healthOf(step.deployment()).availableFrom(now);
                soonest = soonest == null || from.isBefore(soonest) ? from : soonest;
            }
            Duration wait = soonest == null ? null : Duration.between(now, soonest);
            throw new NoRoute(NoRoute.Reason.UNAVAILABLE, "Every deployment that could serve '" + plan.request().model()
                    + "' is paused after failing (" + String.join(", ", history) + "); try again in "
                    + Math.max(1, wait == null ? 1 : (wait.toMillis() + 999) / 1000) + " s.", wait);
        }
        return attempt;
    }

    /** The attempt under way, or null. */
    public Attempt current() {
        return current;
    }

    /** The current attempt gave the client its answer; {@code latency} is its time to the first content. */
    public void succeeded(Duration latency) {
        Attempt attempt = requireCurrent();
        attempt.reported = true;
        attempt.health.succeeded(attempt.permit, latency);
        router.metrics().attempt(attempt.key(), "success");
    }

    /**
     * The current attempt failed after the client had received part of the answer: nothing can follow it, but the
     * deployment's health still learns of it.
     */
    public void failedAfterAnswerStarted(AttemptFailure failure) {
        Attempt attempt = requireCurrent();
        report(attempt, failure);
        current = null;
    }

    /**
     * Reports the current attempt's failure and returns the attempt to make next, after waiting its backoff: the
     * same deployment again while retries remain and the failure is transient, else the next deployment of the
     * plan that may be called now (for a context-length error, a model with a larger window first).
     *
     * @return null when nothing is left to try, or the failure is the client's own
     */
    public Attempt next(AttemptFailure failure) {
        Attempt failed = requireCurrent();
        report(failed, failure);
        current = null;
        if (!failure.mayTryAnotherDeployment()) {
            return null;
        }
        Instant now = clock.now();
        if (failure.kind() == AttemptFailure.Kind.CONTEXT_LENGTH) {
            List<RoutePlan.Step> larger = router.largerContextSteps(failed.deployment(), plan.request(), steps);
            steps.addAll(index + 1, larger);
            if (larger.isEmpty()) {
                return null;
            }
            return advance();
        }
        if (failure.kind() == AttemptFailure.Kind.RATE_LIMITED && failure.retryAfter() != null && breakersEnabled) {
            failed.health.coolUntil(now.plus(failure.retryAfter()));
        }
        if (failure.retriesSameDeployment() && retriesOfCurrent < retry.maxRetries()) {
            Duration wait = backoff(retriesOfCurrent);
            boolean retrySame = true;
            if (failure.retryAfter() != null) {
                // a retry-after is honoured: another deployment now, else this one once the pause is over
                retrySame = !anotherStepAvailable(now) && failure.retryAfter().compareTo(retry.maxRetryAfter()) <= 0;
                wait = wait.compareTo(failure.retryAfter()) > 0 ? wait : failure.retryAfter();
            }
            if (retrySame) {
                if (!pause(wait)) {
                    return null;
                }
                retriesOfCurrent++;
                Attempt again = acquire(steps.get(index));
                if (again != null) {
                    return again;
                }
            }
        }
        return advance();
    }

    /**
     * The {@code x-aurelis-route} header: how the serving model was chosen and what was tried, e.g.
     * {@code strategy=intelligent; task=code_review (header); requested=auto; model=gpt-4o;
     * deployment=openai-east/gpt-4o; attempt=2; reason=...; tried=azure/gpt-4o 503}.
     */
    public String route() {
        Attempt shown = current != null ? current : last;
        StringBuilder route = new StringBuilder(256);
        route.append("strategy=").append(clean(plan.strategy()));
        route.append("; task=").append(clean(plan.task().describe()));
        route.append("; requested=").append(clean(plan.request().model()));
        if (shown != null) {
            route.append("; model=").append(clean(shown.deployment().model()));
            route.append("; deployment=").append(clean(shown.key()));
            route.append("; attempt=").append(shown.number());
        }
        route.append("; reason=").append(clean(plan.reason()));
        if (!history.isEmpty()) {
            List<String> shownHistory = history.size() <= HISTORY_SHOWN ? history
                    : history.subList(history.size() - HISTORY_SHOWN, history.size());
            route.append("; tried=").append(clean(String.join(", ", shownHistory)));
        }
        return route.toString();
    }

    /**
     * The {@code x-aurelis-route} header of a request refused before any attempt (unknown model, not allowed, data
     * residency), e.g. {@code task=general (none); requested=gpt-9; refused=model_not_found}.
     */
    public static String refused(DetectedTask task, String requested, String reason) {
        String model = requested == null ? null : requested.length() > 200 ? requested.substring(0, 200) : requested;
        return "task=" + clean(task.describe()) + "; requested=" + clean(model) + "; refused=" + clean(reason);
    }

    /** Frees a half-open breaker's trial slot if the attempt under way never reported an outcome. */
    @Override
    public void close() {
        if (current != null && !current.reported) {
            current.health.released(current.permit);
        }
        current = null;
    }

    private Attempt requireCurrent() {
        if (current == null) {
            throw new IllegalStateException("no attempt is under way");
        }
        return current;
    }

    private void report(Attempt attempt, AttemptFailure failure) {
        attempt.reported = true;
        if (!failure.speaksOfDeployment()) {
            attempt.health.released(attempt.permit);
        } else if (failure.countsAgainstDeployment()) {
            attempt.health.failed(attempt.permit, failure.label() + ": " + failure.detail(), clock.now());
        } else {
            attempt.health.succeeded(attempt.permit, null);
        }
        history.add(attempt.key() + " " + failure.label());
        router.metrics().attempt(attempt.key(), failure.kind().name().toLowerCase(java.util.Locale.ROOT));
    }

    /** The next step of the plan that may be called now; steps that may not are noted and passed over. */
    private Attempt advance() {
        while (++index < steps.size()) {
            retriesOfCurrent = 0;
            RoutePlan.Step step = steps.get(index);
            Attempt attempt = acquire(step);
            if (attempt != null) {
                return attempt;
            }
            history.add(step.key() + " skipped (paused)");
        }
        return null;
    }

    private Attempt acquire(RoutePlan.Step step) {
        DeploymentHealth health = router.healthOf(step.deployment());
        DeploymentHealth.Permit permit = health.acquire(clock.now());
        if (permit == DeploymentHealth.Permit.DENIED) {
            return null;
        }
        current = new Attempt(++count, step, health, permit);
        last = current;
        return current;
    }

    private boolean anotherStepAvailable(Instant now) {
        for (int i = index + 1; i < steps.size(); i++) {
            if (router.healthOf(steps.get(i).deployment()).availableAt(now)) {
                return true;
            }
        }
        return false;
    }

    /** Exponential backoff with "equal jitter": half the step fixed, half at random, so retries do not align. */
    Duration backoff(int retriesSoFar) {
        long base = retry.backoff().toMillis();
        long step = Math.min(retry.maxBackoff().toMillis(), base << Math.min(retriesSoFar, 20));
        long half = step / 2;
        return Duration.ofMillis(half + (half > 0 ? random.nextLong(half + 1) : 0));
    }

    private boolean pause(Duration wait) {
        if (wait.isZero() || wait.isNegative()) {
            return true;
        }
        try {
            sleeper.sleep(wait);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Header-safe: printable ASCII only, and no separators of our own. */
    private static String clean(String value) {
        if (value == null) {
            return "-";
        }
        int first = 0;
        while (first < value.length() && headerSafe(value.charAt(first))) {
            first++;
        }
        if (first == value.length()) {
            return value; // the usual case, on every exchange: nothing to copy
        }
        StringBuilder out = new StringBuilder(value.length()).append(value, 0, first);
        for (int i = first; i < value.length(); i++) {
            char c = value.charAt(i);
            out.append(headerSafe(c) ? c : c == ';' ? ',' : '?');
        }
        return out.toString();
    }

    private static boolean headerSafe(char c) {
        return c >= 0x20 && c <= 0x7e && c != ';';
    }
}
