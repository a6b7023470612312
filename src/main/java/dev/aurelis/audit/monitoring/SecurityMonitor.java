package dev.aurelis.audit.monitoring;

import dev.aurelis.audit.AuditDraft;
import dev.aurelis.audit.AuditEntry;
import dev.aurelis.audit.AuditFormats;
import dev.aurelis.audit.SecurityEventDetected;
import dev.aurelis.audit.chain.AuditLog;
import dev.aurelis.identity.Users;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Reads each tenant's new entries and detects, within sliding windows kept in memory (bounded in keys and length):
 * <ul>
 * <li>{@code sign_in.repeated_failures}: 5 failed sign-ins of one account within 15 minutes;</li>
 * <li>{@code access.refusal_burst}: 10 refused calls by one caller within 5 minutes;</li>
 * <li>{@code key.mass_creation}: 20 keys issued in the organisation within 10 minutes;</li>
 * <li>{@code role.self_grant}: a role granted to the person who granted it.</li>
 * </ul>
 * A rule that fired for a subject stays quiet for that subject for one window. Each detection is recorded in the trail
 * (category {@code security}) and returned for publication. Starts at the head of each chain, so a restart does not
 * report old history again.
 */
public class SecurityMonitor {

    record Rule(String name, String action, int threshold, Duration window) {
    }

    static final Rule SIGN_IN_FAILURES = new Rule("sign_in.repeated_failures", "sign_in.failed", 5, Duration.ofMinutes(15));
    static final Rule REFUSAL_BURST = new Rule("access.refusal_burst", "access.refused", 10, Duration.ofMinutes(5));
    static final Rule MASS_KEYS = new Rule("key.mass_creation", "key.issued", 20, Duration.ofMinutes(10));
    static final String SELF_GRANT = "role.self_grant";
    private static final int MAX_SUBJECTS = 10_000;
    private static final int PAGE = 1_000;

    private final AuditLog auditLog;
    private final Users users;
    private final BooleanSupplier enabled;
    private final Map<TenantId, Long> positions = new ConcurrentHashMap<>();
    private final Map<String, Deque<Instant>> windows = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Deque<Instant>> eldest) {
            return size() > MAX_SUBJECTS;
        }
    };
    private final Map<String, Instant> quietUntil = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
            return size() > MAX_SUBJECTS;
        }
    };

    public SecurityMonitor(AuditLog auditLog, Users users, BooleanSupplier enabled) {
        this.auditLog = auditLog;
        this.users = users;
        this.enabled = enabled;
    }

    /** Reads the tenant's entries recorded since the last scan; returns what it detected (already recorded). */
    public synchronized List<SecurityEventDetected> scan(TenantId tenant) {
        if (!enabled.getAsBoolean()) {
            positions.remove(tenant);
            return List.of();
        }
        Long position = positions.get(tenant);
        if (position == null) {
            positions.put(tenant, auditLog.head(tenant).seq());
            return List.of();
        }
        List<SecurityEventDetected> found = new ArrayList<>();
        while (true) {
            List<AuditEntry> page = auditLog.after(tenant, position, PAGE);
            for (AuditEntry entry : page) {
                inspect(tenant, entry).ifPresent(found::add);
                position = entry.seq();
            }
            positions.put(tenant, position);
            if (page.size() < PAGE) {
                break;
            }
        }
        if (!found.isEmpty()) {
            auditLog.append(tenant, found.stream().map(SecurityMonitor::entry).toList());
        }
        return found;
    }

    private Optional<SecurityEventDetected> inspect(TenantId tenant, AuditEntry e) {
        return switch (e.action()) {
            case "sign_in.failed" -> count(tenant, SIGN_IN_FAILURES, e.actor() == null ? "(unnamed)" : e.actor(), e);
            case "access.refused" -> count(tenant, REFUSAL_BURST, e.actor() == null ? "(unknown)" : e.actor(), e);
            case "key.issued" -> count(tenant, MASS_KEYS, "organisation", e);
            case "role.granted" -> selfGrant(tenant, e);
            default -> Optional.empty();
        };
    }

    private Optional<SecurityEventDetected> count(TenantId tenant, Rule rule, String subject, AuditEntry e) {
        String key = tenant.value() + "|" + rule.name() + "|" + subject;
        Instant at = e.occurredAt();
        Deque<Instant> window = windows.computeIfAbsent(key, k -> new ArrayDeque<>());
        window.addLast(at);
        while (!window.isEmpty() && window.peekFirst().isBefore(at.minus(rule.window()))) {
            window.pollFirst();
        }
        while (window.size() > rule.threshold()) {
            window.pollFirst();
        }
        Instant quiet = quietUntil.get(key);
        if (window.size() < rule.threshold() || (quiet != null && at.isBefore(quiet))) {
            return Optional.empty();
        }
        quietUntil.put(key, at.plus(rule.window()));
        return Optional.of(new SecurityEventDetected(tenant.value(), rule.name(), subject, window.size(),
                rule.window().toSeconds(), at));
    }

    private Optional<SecurityEventDetected> selfGrant(TenantId tenant, AuditEntry e) {
        String grantee = AuditFormats.details(e).path("user_id").asString(null);
        if (grantee == null || e.actor() == null || !e.actor().contains("@")) {
            return Optional.empty();
        }
        Optional<UUID> actor = TenantContext.call(tenant, () -> users.idOf(tenant, e.actor()));
        if (actor.isEmpty() || !actor.get().toString().equals(grantee)) {
            return Optional.empty();
        }
        return Optional.of(new SecurityEventDetected(tenant.value(), SELF_GRANT, e.actor(), 1, 0, e.occurredAt()));
    }

    private static AuditDraft entry(SecurityEventDetected d) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rule", d.rule());
        details.put("count", d.count());
        details.put("window_seconds", d.windowSeconds());
        return new AuditDraft(d.tenantId(), d.detectedAt(), "security", "security." + d.rule(), "aurelis", d.subject(),
                "detected", null, null, details, null);
    }
}
