package dev.aurelis.webhooks;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The events a subscription may ask for, by the name a subscription uses ({@code key.issued}); the CloudEvents
 * {@code type} of a message is that name under {@code dev.aurelis.} ({@code dev.aurelis.key.issued}).
 */
public enum EventType {
    KEY_ISSUED("key.issued", "an API key was issued"),
    KEY_REVOKED("key.revoked", "an API key was revoked"),
    KEY_ROTATED("key.rotated", "an API key was rotated (the old one valid for its grace period)"),
    USER_PROVISIONED("user.provisioned", "a user was created (SCIM, sign-in, API or configuration)"),
    USER_DEPROVISIONED("user.deprovisioned", "a user was deactivated or deleted"),
    BUDGET_THRESHOLD_CROSSED("budget.threshold_crossed", "spend on a budget reached one of its thresholds"),
    ALERT_FIRED("alert.fired", "an alert fired"),
    ALERT_RESOLVED("alert.resolved", "an alert was resolved"),
    WORKFLOW_FINISHED("workflow.finished", "a code-review workflow run ended"),
    WORKFLOW_APPROVAL_REQUESTED("workflow.approval_requested", "a code-review workflow run waits for an approval"),
    WORKFLOW_APPROVAL_DECIDED("workflow.approval_decided", "someone approved or rejected a change, or the approval expired"),
    PRIVACY_BLOCKED("privacy.blocked", "the privacy policy refused an exchange");

    /** In a subscription: every event type, including those added later. */
    public static final String ALL = "*";

    private static final String CLOUD_EVENTS_PREFIX = "dev.aurelis.";

    private final String wireName;
    private final String description;

    EventType(String wireName, String description) {
        this.wireName = wireName;
        this.description = description;
    }

    public String wireName() {
        return wireName;
    }

    public String description() {
        return description;
    }

    /** The CloudEvents {@code type} attribute. */
    public String cloudEventsType() {
        return CLOUD_EVENTS_PREFIX + wireName;
    }

    public static Optional<EventType> of(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }

    public static List<String> wireNames() {
        return Arrays.stream(values()).map(EventType::wireName).toList();
    }
}
