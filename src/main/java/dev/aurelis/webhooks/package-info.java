/**
 * Outbound webhooks: subscriptions of an organisation's own endpoints to Aurelis's events (keys issued and revoked,
 * budget thresholds crossed, alerts fired, workflow runs finished, privacy blocks, users provisioned...), each sent
 * as a CloudEvents 1.0 JSON message signed as Standard Webhooks specifies, from a persistent outbox with retries,
 * a delivery log and replay. The root holds the API ({@link dev.aurelis.webhooks.Webhooks}) and the admin
 * endpoints; the store, the events heard and the delivery are internal sub-packages. Events come in through the
 * other modules' published past-tense events, never their tables.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Webhooks",
        allowedDependencies = {"configuration", "tenancy", "storage", "identity", "access", "privacy", "alerting",
                "spend", "workflows"})
package dev.aurelis.webhooks;
