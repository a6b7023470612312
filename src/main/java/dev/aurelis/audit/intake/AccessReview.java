package dev.aurelis.audit.intake;

import dev.aurelis.access.AccessPolicy;
import dev.aurelis.access.RoleBinding;
import dev.aurelis.audit.AuditDraft;
import dev.aurelis.audit.AuditSettings;
import dev.aurelis.audit.AuditTrail;
import dev.aurelis.storage.BackgroundWork;
import dev.aurelis.storage.SingletonWork;
import dev.aurelis.tenancy.Organizations;
import dev.aurelis.tenancy.TenantId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * {@code audit.access_control_audit}: once a day, on one replica, each organisation's role bindings are recorded in
 * the trail as an {@code access.review} entry: every binding with its role, subject (a user id or a team), scope,
 * source and age, and how many bindings each role has. Grants and revocations are recorded as they happen anyway;
 * the review is the standing picture an auditor asks for ("who could do what on this day"), chained and signed like
 * every other entry, so it cannot be written afterwards.
 */
@Component
public class AccessReview {

    private static final Logger log = LoggerFactory.getLogger(AccessReview.class);

    private final AuditSettings settings;
    private final AccessPolicy access;
    private final AuditTrail trail;
    private final Organizations organizations;
    private final SingletonWork singleton;

    AccessReview(AuditSettings settings, AccessPolicy access, AuditTrail trail, Organizations organizations,
            SingletonWork singleton) {
        this.settings = settings;
        this.access = access;
        this.trail = trail;
        this.organizations = organizations;
        this.singleton = singleton;
    }

    @Scheduled(scheduler = BackgroundWork.SCHEDULER, cron = "${aurelis.audit.access-review-cron:0 30 2 * * *}")
    void daily() {
        try {
            singleton.runIfFree("audit-access-review", () -> organizations.tenants().forEach(this::record));
        } catch (RuntimeException e) {
            log.error("The daily access review could not be recorded; it is tried again tomorrow", e);
        }
    }

    /** Records the tenant's access review now; false when {@code audit.access_control_audit} is off. */
    public boolean record(TenantId tenant) {
        if (!settings.reviewsAccess()) {
            return false;
        }
        List<RoleBinding> bindings = access.bindings(tenant);
        List<Map<String, Object>> listed = new ArrayList<>();
        Map<String, Integer> perRole = new TreeMap<>();
        for (RoleBinding b : bindings) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("role", b.role());
            entry.put(b.userId() != null ? "user_id" : "team", b.userId() != null ? b.userId().toString() : b.team());
            entry.put("scope", b.scopeTeam() != null ? "team:" + b.scopeTeam()
                    : b.scopeDepartment() != null ? "department:" + b.scopeDepartment() : "organization");
            entry.put("source", b.source());
            entry.put("since", String.valueOf(b.createdAt()));
            listed.add(entry);
            perRole.merge(b.role(), 1, Integer::sum);
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("bindings", listed);
        details.put("bindings_per_role", perRole);
        details.put("binding_count", bindings.size());
        trail.record(tenant, List.of(AuditDraft.of(tenant.value(), "access", "access.review", "aurelis",
                "organization:" + tenant.value(), AuditDraft.SUCCESS, details)));
        return true;
    }
}
