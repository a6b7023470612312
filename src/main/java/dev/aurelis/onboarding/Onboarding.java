package dev.aurelis.onboarding;

import dev.aurelis.configuration.LoadedConfiguration;
import dev.aurelis.onboarding.steps.OnboardingContext;
import dev.aurelis.onboarding.steps.OnboardingStep;
import dev.aurelis.onboarding.steps.StepFailed;
import dev.aurelis.onboarding.steps.TheTwelveSteps;
import dev.aurelis.onboarding.store.OnboardingRuns;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Runs the brief's twelve onboarding steps for a tenant against a configuration and keeps each step's outcome, so
 * that a run stops at the first error and the next run of the same configuration resumes there: steps that
 * succeeded are carried over (marked {@code resumed}) unless a restart is asked for. A changed configuration (another
 * digest) runs every step again, since what was checked was another file. The run's start, each step's outcome and
 * its end are published as events the audit trail records, each in the transaction that stores it, so the run's
 * record and the trail cannot disagree.
 */
@Component
public class Onboarding {

    private static final Logger log = LoggerFactory.getLogger(Onboarding.class);

    private final TheTwelveSteps steps;
    private final OnboardingRuns runs;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate transactions;

    Onboarding(TheTwelveSteps steps, OnboardingRuns runs, Optional<Clock> clock, ApplicationEventPublisher events,
            PlatformTransactionManager transactions) {
        this.steps = steps;
        this.runs = runs;
        this.clock = clock.orElse(Clock.systemUTC());
        this.events = events;
        this.transactions = new TransactionTemplate(transactions);
    }

    /**
     * Runs (or resumes) onboarding; {@code source} names the configuration for the report (a file name, or
     * {@code active} for the server's own), {@code digest} identifies its content.
     */
    public synchronized OnboardingReport run(TenantId tenant, LoadedConfiguration configuration, String source,
            String digest, boolean restart, String actor) {
        List<OnboardingStep> twelve = steps.inOrder();
        List<OnboardingRuns.Step> carried = restart ? List.of() : runs.latest(tenant)
                .filter(previous -> previous.configDigest().equals(digest))
                .map(previous -> succeededPrefix(runs.steps(tenant, previous.id()))).orElse(List.of());
        UUID carriedFrom = carried.isEmpty() ? null : runs.latest(tenant).map(OnboardingRuns.Run::id).orElse(null);
        OnboardingRuns.Run run = stored(tenant, () -> {
            OnboardingRuns.Run started = runs.start(tenant, digest, source, actor, clock.instant());
            events.publishEvent(new OnboardingStarted(tenant.value(), started.id(), source, digest, restart, actor));
            return started;
        });
        OnboardingContext context = new OnboardingContext(tenant, configuration);
        List<StepResult> results = new ArrayList<>();
        for (int i = 0; i < twelve.size(); i++) {
            OnboardingStep step = twelve.get(i);
            StepResult result;
            if (i < carried.size() && carried.get(i).result().step().equals(step.name())) {
                StepResult earlier = carried.get(i).result();
                result = new StepResult(earlier.step(), StepResult.SUCCESS, earlier.result(), null, true);
                record(tenant, run.id(), i + 1, result, carriedFrom, actor);
            } else {
                result = attempt(step, context);
                record(tenant, run.id(), i + 1, result, null, actor);
            }
            results.add(result);
            if (!result.succeeded()) {
                break;
            }
        }
        boolean completed = results.size() == twelve.size() && results.stream().allMatch(StepResult::succeeded);
        String status = completed ? OnboardingReport.COMPLETED : OnboardingReport.FAILED;
        Instant finished = clock.instant();
        int succeeded = (int) results.stream().filter(StepResult::succeeded).count();
        stored(tenant, () -> {
            runs.finish(tenant, run.id(), status, finished);
            events.publishEvent(new OnboardingFinished(tenant.value(), run.id(), status, succeeded, twelve.size(), actor));
            return null;
        });
        log.info("Onboarding of tenant {} {}: {} of {} steps", tenant.value(), status, succeeded, twelve.size());
        return report(status, results, twelve.size(), run.id(), source, digest, run.startedAt(), finished);
    }

    private void record(TenantId tenant, UUID run, int position, StepResult result, UUID carriedFrom, String actor) {
        stored(tenant, () -> {
            runs.record(tenant, run, position, result, carriedFrom, clock.instant());
            events.publishEvent(new OnboardingStepFinished(tenant.value(), run, position, result.step(),
                    result.status(), result.error(), Boolean.TRUE.equals(result.resumed()), actor));
            return null;
        });
    }

    /** Stores part of a run and publishes its event in one transaction, acting for {@code tenant}. */
    private <T> T stored(TenantId tenant, Supplier<T> work) {
        return TenantContext.call(tenant, () -> transactions.execute(status -> work.get()));
    }

    /** The tenant's last run as it ended (or as far as it got), if there was one. */
    public Optional<OnboardingReport> last(TenantId tenant) {
        return runs.latest(tenant).map(run -> {
            List<StepResult> results = runs.steps(tenant, run.id()).stream().map(OnboardingRuns.Step::result).toList();
            String status = "running".equals(run.status()) ? "running" : run.status();
            return report(status, results, steps.inOrder().size(), run.id(), run.configSource(), run.configDigest(),
                    run.startedAt(), run.finishedAt());
        });
    }

    private static StepResult attempt(OnboardingStep step, OnboardingContext context) {
        try {
            Map<String, Object> result = step.run(context);
            return new StepResult(step.name(), StepResult.SUCCESS, result, null, null);
        } catch (StepFailed e) {
            return new StepResult(step.name(), StepResult.ERROR, null, e.getMessage(), null);
        } catch (RuntimeException e) {
            // an unexpected failure is still the step's outcome: the run stops here and says why
            log.warn("Onboarding step {} failed", step.name(), e);
            return new StepResult(step.name(), StepResult.ERROR, null,
                    "The step failed: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), null);
        }
    }

    private static List<OnboardingRuns.Step> succeededPrefix(List<OnboardingRuns.Step> previous) {
        List<OnboardingRuns.Step> prefix = new ArrayList<>();
        for (OnboardingRuns.Step step : previous) {
            if (step.position() != prefix.size() + 1 || !step.result().succeeded()) {
                break;
            }
            prefix.add(step);
        }
        return prefix;
    }

    private static OnboardingReport report(String status, List<StepResult> results, int total, UUID run, String source,
            String digest, Instant started, Instant finished) {
        int completed = (int) results.stream().filter(StepResult::succeeded).count();
        return new OnboardingReport(status, completed, total, List.copyOf(results), run, source, digest, started, finished);
    }
}
