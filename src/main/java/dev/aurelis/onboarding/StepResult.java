package dev.aurelis.onboarding;

import java.util.Map;

/**
 * One step's outcome, as the brief reports it: {@code {"step", "status": "success", "result"}} or
 * {@code {"step", "status": "error", "error"}}. {@code resumed} is true when the step succeeded in an earlier run of
 * the same configuration and was not run again.
 */
public record StepResult(String step, String status, Map<String, Object> result, String error, Boolean resumed) {

    public static final String SUCCESS = "success";
    public static final String ERROR = "error";

    public boolean succeeded() {
        return SUCCESS.equals(status);
    }
}
