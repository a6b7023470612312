package dev.aurelis.onboarding.steps;

/** A step that cannot succeed; the message says why and what to change, and is shown to the operator. */
public class StepFailed extends RuntimeException {

    public StepFailed(String reason) {
        super(reason);
    }
}
