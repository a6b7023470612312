package dev.aurelis.routing;

import dev.aurelis.providers.WireFormat;
import java.util.function.Predicate;

/**
 * What the router needs to know of an exchange.
 *
 * @param model          the model name the client asked for: a served model, an alias or the auto model, or the
 *                       caller's organisation's own model
 * @param format         the client's wire format (some providers cannot serve every operation)
 * @param mayUse         whether the caller may use a model name (the team's allow-list)
 * @param onPremiseOnly  only on-premise providers may serve this request (a privacy policy or the client asked)
 * @param tenant         the caller's organisation, whose own models it may name (null: none)
 * @param team           the caller's team, for an organisation model's list of teams
 */
public record RouteRequest(String model, DetectedTask task, WireFormat format, Predicate<String> mayUse,
        boolean onPremiseOnly, String tenant, String team) {

    public RouteRequest(String model, DetectedTask task, WireFormat format, Predicate<String> mayUse,
            boolean onPremiseOnly) {
        this(model, task, format, mayUse, onPremiseOnly, null, null);
    }
}
