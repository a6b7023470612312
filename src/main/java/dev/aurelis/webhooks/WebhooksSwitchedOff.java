package dev.aurelis.webhooks;

/** Refused because {@code advanced_features.webhook_support} is false. */
public class WebhooksSwitchedOff extends RuntimeException {

    WebhooksSwitchedOff() {
        super(WebhookSupport.OFF);
    }
}
