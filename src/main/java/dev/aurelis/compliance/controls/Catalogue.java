package dev.aurelis.compliance.controls;

import dev.aurelis.privacy.Retention;
import dev.aurelis.privacy.RetentionOutcome;
import java.time.Instant;
import java.util.Optional;

import dev.aurelis.access.AuthorizationMatrix;
import dev.aurelis.audit.AuditQuery;
import dev.aurelis.audit.AuditSettings;
import dev.aurelis.audit.AuditTrail;
import dev.aurelis.audit.Verification;
import dev.aurelis.compliance.ComplianceSettings;
import dev.aurelis.compliance.ControlResult;
import dev.aurelis.compliance.ControlStatus;
import dev.aurelis.compliance.Evidence;
import dev.aurelis.compliance.Framework;
import dev.aurelis.configuration.ActiveConfiguration;
import dev.aurelis.identity.ApiKeyInfo;
import dev.aurelis.identity.ApiKeys;
import dev.aurelis.identity.SecondFactorCoverage;
import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.springframework.stereotype.Component;

/**
 * The controls this deployment can evidence, each evaluated from live configuration and records. A control states
 * what it proves in its title; its reason says why it passed or failed, and its evidence links to where the facts can
 * be seen. Controls for what Aurelis keeps no record of (availability history, incident response) are not claimed.
 */
@Component
public class Catalogue {

    /** API keys older than this are reported for rotation. */
    static final Duration KEY_AGE = Duration.ofDays(90);
    /** The audit retention each framework expects at least, in days (null: the framework sets none). */
    static final Map<Framework, Integer> RETENTION_DAYS = Map.of(Framework.SOC2, 365, Framework.ISO27001, 365,
            Framework.HIPAA, 2190, Framework.SOX, 2555);

    private final AuditTrail trail;
    private final AuditSettings audit;
    private final SecondFactorCoverage factors;
    private final ApiKeys keys;
    private final ActiveConfiguration configuration;
    private final ComplianceSettings compliance;
    private final Retention retention;
    private final SignIn signIn;
    private final List<Control> controls;

    Catalogue(AuditTrail trail, AuditSettings audit, SecondFactorCoverage factors, ApiKeys keys,
            ActiveConfiguration configuration, ComplianceSettings compliance, Retention retention, SignIn signIn) {
        this.retention = retention;
        this.signIn = signIn;
        this.trail = trail;
        this.audit = audit;
        this.factors = factors;
        this.keys = keys;
        this.configuration = configuration;
        this.compliance = compliance;
        this.controls = List.of(
                control("access.mfa", "People who sign in with a password of Aurelis's own have a second factor",
                        refs("CC6.1", "A.8.5", "Art. 32(1)(b)", "164.312(d)", "ITGC access: authentication"), this::mfa),
                control("access.rbac", "Every admin and gateway call is checked against the caller's roles",
                        refs("CC6.1, CC6.3", "A.5.15, A.8.3", "Art. 32(1)(b)", "164.312(a)(1)", "ITGC access: authorisation"),
                        this::rbac),
                control("access.key_age", "API keys in use are younger than 90 days",
                        refs("CC6.1", "A.5.17", "Art. 32(1)(b)", "164.308(a)(5)(ii)(D)", "ITGC access: credentials"),
                        this::keyAge),
                control("access.changes_recorded", "Grants, revocations and role changes are recorded",
                        refs("CC6.2, CC6.3", "A.5.18", null, "164.308(a)(4)(ii)(C)", "ITGC access: provisioning"),
                        this::accessChanges),
                control("audit.logging", "Activity is recorded in the audit trail",
                        refs("CC7.2", "A.8.15", "Art. 5(2), Art. 30", "164.312(b)", "ITGC operations: logging"),
                        this::logging),
                control("audit.integrity", "The audit trail is intact: no entry edited, removed or reordered",
                        refs("CC7.2", "A.8.15", "Art. 5(1)(f)", "164.312(c)(1)", "ITGC operations: log integrity"),
                        this::integrity),
                control("audit.retention", "Audit entries are kept at least as long as the framework expects",
                        refs("CC7.2", "A.8.15", null, "164.316(b)(2)(i)", "ITGC operations: record retention"),
                        this::retention),
                control("monitoring.refusals", "Failed sign-ins and refused calls are recorded for review",
                        refs("CC7.2, CC7.3", "A.8.16", "Art. 33", "164.308(a)(1)(ii)(D)", "ITGC operations: monitoring"),
                        this::refusals),
                control("change.configuration", "Configuration and policy changes are recorded with who made them",
                        refs("CC8.1", "A.8.32", "Art. 25", "164.308(a)(8)", "ITGC change management"),
                        this::configurationChanges),
                control("policy.enforced", "Every security, privacy and compliance setting declared is enforced",
                        refs("CC5.2", "A.5.1", "Art. 24, Art. 25", "164.316(a)", "ITGC: policies in effect"),
                        this::enforced),
                control("gdpr.erasure", "Requests to erase personal data are honoured",
                        refs(null, null, "Art. 17", null, null), this::erasure),
                control("privacy.retention", "Personal data is kept no longer than its retention policy",
                        refs("C1.2, P4.3", "A.5.33, A.8.10", "Art. 5(1)(e)", "164.310(d)(2)(i)", null),
                        this::storageLimitation));
    }

    public List<Control> controls() {
        return controls;
    }

    public List<Control> forFramework(Framework framework) {
        return controls.stream().filter(c -> c.appliesTo(framework)).toList();
    }

    private ControlResult mfa(Scope s) {
        List<SecondFactorCoverage.Account> accounts = factors.localAccounts(s.tenant());
        List<SecondFactorCoverage.Account> uncovered = accounts.stream().filter(a -> !a.covered()).toList();
        SignInSettings.MfaEnforcement enforcement = signIn.settings().mfa().enforcement();
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new Evidence("security.mfa_enforcement", enforcement.configName(), "/api/v1/configuration/status"));
        evidence.add(new Evidence("active people", factors.activeUsers(s.tenant()), "/api/v1/users"));
        evidence.add(new Evidence("people with a local password", accounts.size(), null));
        uncovered.forEach(a -> evidence.add(new Evidence("local password without a second factor", a.email(),
                "/api/v1/users/" + a.userId())));
        if (accounts.isEmpty()) {
            return result(s, ControlStatus.PASS, "nobody signs in with a password of Aurelis's own; people sign in through "
                    + "the identity provider, whose MFA applies", evidence);
        }
        if (!uncovered.isEmpty()) {
            return result(s, ControlStatus.FAIL, uncovered.size() + " of " + accounts.size()
                    + " people with a local password have no second factor enrolled", evidence);
        }
        // the policy in force at sign-in, whichever key set it (mfa_enforcement, or mfa_required alone)
        boolean everyLocalAccount = enforcement == SignInSettings.MfaEnforcement.ALL_USERS
                || enforcement == SignInSettings.MfaEnforcement.LOCAL_ACCOUNTS;
        if (!everyLocalAccount) {
            return result(s, ControlStatus.FAIL, "every local account has a second factor today, but the sign-in policy ("
                    + "security.mfa_enforcement: " + enforcement.configName() + ") does not require one of every new "
                    + "local account", evidence);
        }
        return result(s, ControlStatus.PASS, "all " + accounts.size() + " people with a local password have a second "
                + "factor, and the sign-in policy (security.mfa_enforcement: " + enforcement.configName()
                + ") makes it a condition of signing in", evidence);
    }

    private ControlResult rbac(Scope s) {
        long operations = AuthorizationMatrix.operations().size();
        return result(s, ControlStatus.PASS, "role-based access control is always on: each of the " + operations
                + " admin and gateway operations requires a named permission, tested for every built-in role",
                List.of(new Evidence("operations in the authorization matrix", operations, "/api/v1/permissions"),
                        new Evidence("roles and their permissions", null, "/api/v1/roles")));
    }

    private ControlResult keyAge(Scope s) {
        List<ApiKeyInfo> active = dev.aurelis.tenancy.TenantContext.call(s.tenant(),
                () -> keys.list(s.tenant(), null, null, false));
        List<ApiKeyInfo> old = active.stream().filter(k -> k.createdAt() != null
                && k.createdAt().isBefore(s.now().minus(KEY_AGE))).toList();
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new Evidence("active keys", active.size(), "/api/v1/keys"));
        old.forEach(k -> evidence.add(new Evidence("key older than 90 days", k.prefix() + "… of "
                + (k.user() != null ? k.user() : k.team()) + ", issued " + k.createdAt(), "/api/v1/keys/" + k.id())));
        return old.isEmpty()
                ? result(s, ControlStatus.PASS, "all " + active.size() + " active keys were issued in the last 90 days", evidence)
                : result(s, ControlStatus.FAIL, old.size() + " active keys are older than 90 days: rotate them "
                        + "(aurelis keys rotate)", evidence);
    }

    private ControlResult accessChanges(Scope s) {
        return recorded(s, "role.", "changes to roles and grants recorded in the period",
                "every grant, revocation and role definition is recorded with its actor and before and after values");
    }

    private ControlResult logging(Scope s) {
        if (!audit.enabled()) {
            return result(s, ControlStatus.FAIL, "the audit trail is switched off (audit.enabled: false)",
                    List.of(new Evidence("audit.enabled", false, "/api/v1/configuration/status")));
        }
        List<Evidence> evidence = new ArrayList<>();
        for (String category : List.of("admin", "sign_in", "access", "exchange")) {
            evidence.add(new Evidence("entries of category " + category + " in the period",
                    count(s, new AuditQuery(s.period().from(), s.period().to(), null, category, null, null, null, null, true)),
                    "/api/v1/audit?category=" + category + "&" + s.periodQuery()));
        }
        return result(s, ControlStatus.PASS, "changes, sign-ins, refusals" + (audit.recordsExchanges()
                ? " and every gateway exchange's metadata are" : " are (not each exchange: audit.log_level is not detailed)")
                + " recorded in the append-only trail", evidence);
    }

    private ControlResult integrity(Scope s) {
        Verification v = trail.verify(s.tenant(), 1);
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new Evidence("entries recomputed", v.entries(), "/api/v1/audit/verify"));
        evidence.add(new Evidence("signed checkpoints verified", v.checkpoints(), "/api/v1/audit/verify"));
        trail.latestCheckpoint(s.tenant()).ifPresent(c -> evidence.add(new Evidence("latest signed checkpoint",
                "entry " + c.seq() + " at " + c.signedAt() + ", key " + c.keyId(), "/api/v1/audit/verify")));
        if (!v.valid()) {
            return result(s, ControlStatus.FAIL, "verification fails at entry " + v.brokenSeq() + ": " + v.problem(), evidence);
        }
        return result(s, ControlStatus.PASS, "the hash chain recomputes and every checkpoint's Ed25519 signature "
                + "verifies", evidence);
    }

    private ControlResult retention(Scope s) {
        Integer minimum = RETENTION_DAYS.get(s.framework());
        long days = audit.retention().toDays();
        List<Evidence> evidence = new ArrayList<>();
        evidence.add(new Evidence("audit.retention_days", days, "/api/v1/configuration/status"));
        trail.oldest(s.tenant()).ifPresent(o -> evidence.add(new Evidence("oldest entry kept", o.toString(),
                "/api/v1/audit?order=asc&limit=1")));
        if (minimum == null) {
            return result(s, ControlStatus.NOT_APPLICABLE, s.framework().title() + " sets no minimum retention", evidence);
        }
        evidence.add(new Evidence("retention this framework expects (days)", minimum, null));
        return days >= minimum
                ? result(s, ControlStatus.PASS, "entries are kept " + days + " days; " + s.framework().title()
                        + " expects at least " + minimum, evidence)
                : result(s, ControlStatus.FAIL, "entries are kept " + days + " days, less than the " + minimum
                        + " days " + s.framework().title() + " expects (audit.retention_days)", evidence);
    }

    private ControlResult storageLimitation(Scope s) {
        if (!retention.enabled()) {
            return result(s, ControlStatus.FAIL, "retention policies are off (security.retention_policies, "
                    + "compliance.retention_policies): nothing is dropped when it is past its policy", List.of());
        }
        Optional<List<RetentionOutcome>> last = retention.lastRun(s.tenant());
        List<RetentionOutcome> outcomes = last.isPresent() ? last.get() : retention.run(s.tenant());
        Instant now = retention.now();
        List<Evidence> evidence = new ArrayList<>();
        outcomes.forEach(o -> evidence.add(new Evidence(o.module() + "." + o.store() + " " + o.action()
                + " past " + o.policy().toDays() + " days", o.rows(), "/api/v1/audit?action=privacy.retention_applied")));
        List<String> overdue = outcomes.stream().filter(o -> o.overdue(now))
                .map(o -> o.store() + " (oldest " + o.oldestKept() + ", policy " + o.policy().toDays() + " days)").toList();
        return overdue.isEmpty()
                ? result(s, ControlStatus.PASS, "no store holds data older than its retention policy", evidence)
                : result(s, ControlStatus.FAIL, "data older than its policy is still kept: " + String.join(", ", overdue),
                        evidence);
    }

    private ControlResult refusals(Scope s) {
        if (!audit.enabled()) {
            return result(s, ControlStatus.FAIL, "the audit trail is switched off (audit.enabled: false)", List.of());
        }
        List<Evidence> evidence = List.of(
                new Evidence("failed sign-ins in the period", count(s, query(s, "sign_in.failed")),
                        "/api/v1/audit?action=sign_in.failed&" + s.periodQuery()),
                new Evidence("refused calls in the period", count(s, query(s, "access.refused")),
                        "/api/v1/audit?action=access.refused&" + s.periodQuery()));
        return result(s, ControlStatus.PASS, "every failed sign-in and refused call is recorded with who, what and why",
                evidence);
    }

    private ControlResult configurationChanges(Scope s) {
        if (!audit.enabled()) {
            return result(s, ControlStatus.FAIL, "the audit trail is switched off (audit.enabled: false)", List.of());
        }
        long fromFile = count(s, new AuditQuery(s.period().from(), s.period().to(), "configuration", "admin", null, null,
                null, null, true));
        long all = count(s, new AuditQuery(s.period().from(), s.period().to(), null, "admin", null, null, null, null, true));
        return result(s, ControlStatus.PASS, "every administrative change is recorded with its actor, whether made "
                + "through the API or by applying the configuration file", List.of(
                new Evidence("administrative changes in the period", all, "/api/v1/audit?category=admin&" + s.periodQuery()),
                new Evidence("of which applied from the configuration file", fromFile,
                        "/api/v1/audit?category=admin&actor=configuration&" + s.periodQuery())));
    }

    private ControlResult enforced(Scope s) {
        List<String> pending = compliance.notYetEnforcedIn("security.", "privacy.", "compliance.", "audit.");
        List<Evidence> evidence = new ArrayList<>();
        pending.forEach(key -> evidence.add(new Evidence("declared but not enforced by this version", key,
                "/api/v1/configuration/status")));
        return pending.isEmpty()
                ? result(s, ControlStatus.PASS, "every security, privacy, compliance and audit setting the configuration "
                        + "declares is acted on", List.of(new Evidence("configuration status", "no pending setting",
                        "/api/v1/configuration/status")))
                : result(s, ControlStatus.FAIL, pending.size() + " declared settings are accepted but not enforced by this "
                        + "version: the policy they state is not in effect", evidence);
    }

    private ControlResult erasure(Scope s) {
        long requests = count(s, new AuditQuery(s.period().from(), s.period().to(), null, null, "privacy.erasure*", null,
                null, null, true));
        long failed = count(s, new AuditQuery(s.period().from(), s.period().to(), null, null, "privacy.erasure*", null,
                "failure", null, true));
        List<Evidence> evidence = List.of(new Evidence("erasure entries in the period", requests,
                "/api/v1/audit?action=privacy.erasure*&" + s.periodQuery()));
        if (requests == 0) {
            return result(s, ControlStatus.NOT_APPLICABLE, "no erasure request was recorded in the period", evidence);
        }
        return failed == 0
                ? result(s, ControlStatus.PASS, "every erasure recorded in the period succeeded", evidence)
                : result(s, ControlStatus.FAIL, failed + " erasure requests in the period failed", evidence);
    }

    private ControlResult recorded(Scope s, String family, String what, String claim) {
        if (!audit.enabled()) {
            return result(s, ControlStatus.FAIL, "the audit trail is switched off (audit.enabled: false)", List.of());
        }
        return result(s, ControlStatus.PASS, claim, List.of(new Evidence(what,
                count(s, query(s, family)), "/api/v1/audit?action=" + family + "*&" + s.periodQuery())));
    }

    private AuditQuery query(Scope s, String action) {
        return new AuditQuery(s.period().from(), s.period().to(), null, null, action, null, null, null, true);
    }

    private long count(Scope s, AuditQuery query) {
        return trail.count(s.tenant(), query);
    }

    /** Results carry the evaluating control's identity, filled in by {@link #control}. */
    private static ControlResult result(Scope s, ControlStatus status, String reason, List<Evidence> evidence) {
        return new ControlResult(null, null, List.of(), status, reason, evidence);
    }

    /** References per framework, in the order SOC 2, ISO 27001, GDPR, HIPAA, SOX; null: not part of that framework. */
    private static Map<Framework, List<String>> refs(String soc2, String iso, String gdpr, String hipaa, String sox) {
        Map<Framework, List<String>> refs = new LinkedHashMap<>();
        put(refs, Framework.SOC2, soc2);
        put(refs, Framework.ISO27001, iso);
        put(refs, Framework.GDPR, gdpr);
        put(refs, Framework.HIPAA, hipaa);
        put(refs, Framework.SOX, sox);
        return refs;
    }

    private static void put(Map<Framework, List<String>> refs, Framework framework, String clauses) {
        if (clauses != null) {
            refs.put(framework, List.of(clauses.split(",\\s*")));
        }
    }

    private static Control control(String id, String title, Map<Framework, List<String>> references,
            Function<Scope, ControlResult> evaluation) {
        return new Control() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String title() {
                return title;
            }

            @Override
            public Map<Framework, List<String>> references() {
                return references;
            }

            @Override
            public ControlResult evaluate(Scope scope) {
                ControlResult r = evaluation.apply(scope);
                return new ControlResult(id, title, references.getOrDefault(scope.framework(), List.of()), r.status(),
                        r.reason(), r.evidence());
            }
        };
    }
}
