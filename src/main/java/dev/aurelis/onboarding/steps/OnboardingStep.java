package dev.aurelis.onboarding.steps;

import java.util.Map;

/** One of the twelve onboarding steps: checks (or applies) what the configuration declares, or throws {@link StepFailed}. */
public interface OnboardingStep {

    /** The step's name as the brief spells it ({@code setup_tenant_isolation}). */
    String name();

    /** What the step found or did, for the report; {@link StepFailed} with the reason when it cannot succeed. */
    Map<String, Object> run(OnboardingContext context);
}
