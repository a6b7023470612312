package dev.aurelis.api;

import dev.aurelis.analytics.AnalyticsSettings;
import dev.aurelis.analytics.Feedback;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import java.util.Map;
import java.util.NoSuchElementException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/feedback}: a developer rates an answer they got (1 to 5) and says whether they used it, naming
 * the request by the {@code x-aurelis-request-id} the gateway answered with. Only one's own requests can be rated;
 * a second rating of the same request replaces the first. Part of analytics ({@code analytics.enabled}).
 */
@RestController
class FeedbackController {

    private final AnalyticsSettings settings;
    private final Feedback feedback;

    FeedbackController(AnalyticsSettings settings, Feedback feedback) {
        this.settings = settings;
        this.feedback = feedback;
    }

    record FeedbackBody(String requestId, Integer rating, Boolean accepted, String comment) {
    }

    @PostMapping("/api/v1/feedback")
    ResponseEntity<Map<String, Object>> give(@RequestBody(required = false) FeedbackBody body) {
        if (!settings.policy().enabled()) {
            throw new NoSuchElementException("Analytics is turned off: set analytics.enabled: true to collect feedback.");
        }
        if (!settings.policy().groups().feedbackCollection()) {
            throw new NoSuchElementException("Feedback collection is turned off: set "
                    + "analytics.metrics.developer_satisfaction.enabled and feedback_collection to true.");
        }
        if (body == null) {
            throw new IllegalArgumentException("Send {\"request_id\": ..., \"rating\": 1-5, \"accepted\": true|false}.");
        }
        Caller caller = AdminCallers.current();
        feedback.give(caller.tenantId().value(), caller.userId(), caller.email(), body.requestId(), body.rating(),
                body.accepted(), body.comment());
        return ResponseEntity.status(HttpStatus.CREATED).body(Map.of("status", "recorded", "request_id", body.requestId()));
    }
}
