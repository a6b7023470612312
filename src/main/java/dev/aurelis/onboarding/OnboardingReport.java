package dev.aurelis.onboarding;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The brief's summary of a run: {@code onboarding_status} ({@code completed}, or {@code failed} at the first error),
 * {@code steps_completed}, {@code total_steps} and each step's result, plus which run and configuration it was.
 */
public record OnboardingReport(String onboardingStatus, int stepsCompleted, int totalSteps, List<StepResult> results,
        UUID runId, String configuration, String configDigest, Instant startedAt, Instant finishedAt) {

    public static final String COMPLETED = "completed";
    public static final String FAILED = "failed";
}
