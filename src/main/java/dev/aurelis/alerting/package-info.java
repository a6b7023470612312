/**
 * Alerting: rules over the signals Aurelis sees (error rate, request rate against a learned baseline, spend against
 * budgets, retention against policy, security refusals), their evaluation on one replica, the alerts they raise and
 * the channels that hear about them (Slack, Microsoft Teams, e-mail, PagerDuty, signed webhooks) through a persistent
 * outbox. Other modules send their own notifications through {@link dev.aurelis.alerting.Notifications}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Alerting",
        allowedDependencies = {"configuration", "tenancy", "storage", "spend", "identity", "access", "privacy"})
package dev.aurelis.alerting;
