package dev.aurelis.webhooks;

import dev.aurelis.configuration.ActiveConfiguration;
import org.springframework.stereotype.Component;

/**
 * {@code advanced_features.webhook_support}: left out or true, subscriptions hear events and their messages are
 * delivered; false stops both (no event is enqueued, nothing queued is sent, no subscription can be made) while the
 * subscriptions and the delivery log stay readable.
 */
@Component
public class WebhookSupport {

    static final String OFF = "Outbound webhooks are switched off (advanced_features.webhook_support: false).";

    private final boolean enabled;

    WebhookSupport(ActiveConfiguration configuration) {
        Boolean flag = configuration.config().advancedFeatures().webhookSupport();
        this.enabled = flag == null || flag;
    }

    public boolean enabled() {
        return enabled;
    }
}
