package dev.aurelis.webhooks;

import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/webhooks}: subscriptions of the caller's organisation, their delivery log, and replay. Reading
 * needs {@code config:read}, changing {@code config:write} (the authorization matrix says so per operation).
 */
@RestController
class WebhooksController {

    record SubscriptionRequest(String url, List<String> eventTypes, String description, Boolean enabled,
            String secret) {
    }

    record SubscriptionChange(String url, List<String> eventTypes, String description, Boolean enabled) {
    }

    record SubscriptionList(List<Subscription> subscriptions) {
    }

    record DeliveryList(List<Delivery> deliveries) {
    }

    record EventTypeInfo(String name, String cloudEventsType, String description) {
    }

    record EventTypeList(List<EventTypeInfo> eventTypes) {
    }

    record Error(String message, String type) {
    }

    record ErrorBody(Error error) {
    }

    private final Webhooks webhooks;

    WebhooksController(Webhooks webhooks) {
        this.webhooks = webhooks;
    }

    @GetMapping("/api/v1/webhooks")
    SubscriptionList list() {
        return new SubscriptionList(webhooks.list(AdminCallers.current().tenantId()));
    }

    @PostMapping("/api/v1/webhooks")
    ResponseEntity<NewSubscription> create(@RequestBody SubscriptionRequest request) {
        Caller caller = AdminCallers.current();
        NewSubscription made = webhooks.create(caller.tenantId(), request.url(), request.eventTypes(),
                request.description(), request.enabled(), request.secret(), caller.email());
        return ResponseEntity.status(HttpStatus.CREATED).body(made);
    }

    @GetMapping("/api/v1/webhooks/event-types")
    EventTypeList eventTypes() {
        return new EventTypeList(Arrays.stream(EventType.values())
                .map(t -> new EventTypeInfo(t.wireName(), t.cloudEventsType(), t.description())).toList());
    }

    @GetMapping("/api/v1/webhooks/{id}")
    Subscription get(@PathVariable UUID id) {
        return webhooks.get(AdminCallers.current().tenantId(), id);
    }

    @PatchMapping("/api/v1/webhooks/{id}")
    Subscription update(@PathVariable UUID id, @RequestBody SubscriptionChange change) {
        return webhooks.update(AdminCallers.current().tenantId(), id, change.url(), change.eventTypes(),
                change.description(), change.enabled());
    }

    @DeleteMapping("/api/v1/webhooks/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        webhooks.delete(AdminCallers.current().tenantId(), id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/webhooks/{id}/rotate-secret")
    NewSubscription rotateSecret(@PathVariable UUID id) {
        return webhooks.rotateSecret(AdminCallers.current().tenantId(), id);
    }

    @GetMapping("/api/v1/webhooks/{id}/deliveries")
    DeliveryList deliveries(@PathVariable UUID id, @RequestParam(defaultValue = "50") int limit) {
        return new DeliveryList(webhooks.deliveries(AdminCallers.current().tenantId(), id, limit));
    }

    @GetMapping("/api/v1/webhooks/deliveries/{id}")
    Delivery delivery(@PathVariable UUID id) {
        return webhooks.delivery(AdminCallers.current().tenantId(), id);
    }

    @PostMapping("/api/v1/webhooks/deliveries/{id}/replay")
    ResponseEntity<Delivery> replay(@PathVariable UUID id) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(webhooks.replay(AdminCallers.current().tenantId(), id));
    }

    /** Switched off by configuration: a conflict with the installation's settings, not a bad request. */
    @ExceptionHandler(WebhooksSwitchedOff.class)
    ResponseEntity<ErrorBody> switchedOff(WebhooksSwitchedOff e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(new ErrorBody(new Error(e.getMessage(), "conflict_error")));
    }
}
