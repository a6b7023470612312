package dev.aurelis.alerting;

import dev.aurelis.access.Scope;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import dev.aurelis.identity.Durations;
import dev.aurelis.identity.Users;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.Team;
import dev.aurelis.tenancy.TenantId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/v1/alerts}: the alerts within the caller's reach (a team lead sees their teams', a department manager
 * their departments' and their teams'; alerts about the whole organisation, a model or a provider need organisation
 * scope), acknowledging one, raising and resolving one by hand, silences, and the rules in force. Alerts out of reach
 * do not exist for the caller (404).
 */
@RestController
class AlertsController {

    static final String VIEW = "usage:view";
    static final String ACKNOWLEDGE = "team:view";
    static final String MANAGE = "config:write";

    record RaiseRequest(String summary, String severity, String group, List<String> actions) {
    }

    record SilenceRequest(String rule, String group, String duration, String reason) {
    }

    private final Alerts alerts;
    private final Organizations organizations;
    private final Users users;

    AlertsController(Alerts alerts, Organizations organizations, Users users) {
        this.alerts = alerts;
        this.organizations = organizations;
        this.users = users;
    }

    @GetMapping("/api/v1/alerts")
    Map<String, Object> list(@RequestParam(required = false) String state, @RequestParam(defaultValue = "100") int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("'limit' must be between 1 and 1000.");
        }
        Caller caller = AdminCallers.current();
        Scope scope = caller.scopeOf(VIEW);
        return Map.of("alerts", alerts.list(caller.tenantId(), state == null || state.isBlank() ? null : state, limit)
                .stream().filter(a -> reaches(caller.tenantId(), scope, a.group())).map(AlertsController::view).toList());
    }

    @PostMapping("/api/v1/alerts")
    ResponseEntity<Map<String, Object>> raise(@RequestBody RaiseRequest request) {
        Caller caller = AdminCallers.current();
        Alert alert = alerts.raise(caller.tenantId(), request.summary(), request.severity(), request.group(),
                request.actions(), caller.email());
        return ResponseEntity.status(HttpStatus.CREATED).body(view(alert));
    }

    @PostMapping("/api/v1/alerts/{id}/acknowledge")
    Map<String, Object> acknowledge(@PathVariable UUID id) {
        Caller caller = AdminCallers.current();
        reachable(caller, ACKNOWLEDGE, id);
        alerts.acknowledge(caller.tenantId(), id, caller.email());
        return view(reachable(caller, ACKNOWLEDGE, id));
    }

    @PostMapping("/api/v1/alerts/{id}/resolve")
    Map<String, Object> resolve(@PathVariable UUID id) {
        Caller caller = AdminCallers.current();
        reachable(caller, MANAGE, id);
        return view(alerts.resolveManual(caller.tenantId(), id));
    }

    @GetMapping("/api/v1/alerts/silences")
    Map<String, Object> silences() {
        return Map.of("silences", alerts.silences(AdminCallers.current().tenantId()));
    }

    @PostMapping("/api/v1/alerts/silences")
    ResponseEntity<Silence> silence(@RequestBody SilenceRequest request) {
        Caller caller = AdminCallers.current();
        if (request.duration() == null || request.duration().isBlank()) {
            throw new IllegalArgumentException("'duration' is required, e.g. 2h.");
        }
        Silence silence = alerts.silence(caller.tenantId(), blankToNull(request.rule()), blankToNull(request.group()),
                Durations.parse(request.duration()), request.reason(), caller.email());
        return ResponseEntity.status(HttpStatus.CREATED).body(silence);
    }

    @DeleteMapping("/api/v1/alerts/silences/{id}")
    ResponseEntity<Void> unsilence(@PathVariable UUID id) {
        if (!alerts.unsilence(AdminCallers.current().tenantId(), id)) {
            throw new NoSuchElementException("No silence " + id + ".");
        }
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/alerts/rules")
    Map<String, Object> rules() {
        return Map.of("rules", alerts.rules());
    }

    private Alert reachable(Caller caller, String permission, UUID id) {
        return alerts.find(caller.tenantId(), id).filter(a -> reaches(caller.tenantId(), caller.scopeOf(permission), a.group()))
                .orElseThrow(() -> new NoSuchElementException("No alert " + id + "."));
    }

    /** Whether an alert about {@code group} lies within {@code scope}. */
    private boolean reaches(TenantId tenant, Scope scope, String group) {
        if (scope.organization()) {
            return true;
        }
        int eq = group.indexOf('=');
        if (eq < 0 || scope.reachesNothing()) {
            return false;
        }
        String value = group.substring(eq + 1);
        return switch (group.substring(0, eq)) {
            case "team" -> scope.reachesTeam(value, organizations.team(tenant, value).map(Team::department).orElse(null));
            case "department" -> scope.departments().contains(value);
            case "user" -> users.findByEmail(tenant, value).map(u -> (scope.self() != null && scope.self().equals(u.id()))
                    || u.teams().stream().anyMatch(t -> scope.reachesTeam(t,
                            organizations.team(tenant, t).map(Team::department).orElse(null)))).orElse(false);
            default -> false;
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    static Map<String, Object> view(Alert a) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", a.id());
        v.put("rule", a.rule());
        v.put("group", a.group());
        v.put("state", a.state());
        v.put("severity", a.severity());
        v.put("summary", a.summary());
        v.put("value", a.value());
        v.put("pending_since", a.pendingSince());
        v.put("fired_at", a.firedAt());
        v.put("resolved_at", a.resolvedAt());
        v.put("last_notified_at", a.lastNotifiedAt());
        v.put("acknowledged_by", a.acknowledgedBy());
        v.put("acknowledged_at", a.acknowledgedAt());
        v.put("details", a.details());
        return v;
    }
}
