package dev.aurelis.access;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Permission names and what each one implies. A permission reads {@code area:action}; the Cortex style
 * {@code area.action} (for example {@code chat.create}) is the same permission. Roles may carry any
 * well-formed name; the rules below decide what a set of permissions grants:
 * <ul>
 * <li>{@code admin:full} grants everything; {@code area:*} and {@code area:all} grant every action of the area;</li>
 * <li>{@code area:manage} includes {@code area:write}, {@code area:read} and {@code area:view};
 * {@code area:write} includes read and view; {@code area:read} and {@code area:view} are the same;</li>
 * <li>and the few implications across areas listed in {@link #IMPLIED}.</li>
 * </ul>
 */
public final class Permission {

    public static final String ADMIN_FULL = "admin:full";
    public static final String CONFIG_READ = "config:read";
    public static final String CONFIG_WRITE = "config:write";
    public static final String USERS_READ = "users:read";
    public static final String USERS_MANAGE = "users:manage";
    public static final String KEYS_READ = "keys:read";
    public static final String KEYS_MANAGE = "keys:manage";
    public static final String ROLES_READ = "roles:read";
    public static final String ROLES_MANAGE = "roles:manage";
    public static final String TEAM_VIEW = "team:view";
    public static final String TEAM_MANAGE = "team:manage";
    public static final String MODELS_CONFIGURE = "models:configure";
    public static final String USAGE_READ = "usage:read";
    public static final String USAGE_VIEW = "usage:view";
    public static final String AUDIT_READ = "audit:read";
    public static final String BILLING_READ = "billing:read";
    public static final String BILLING_MANAGE = "billing:manage";
    public static final String SECURITY_MANAGE = "security:manage";
    public static final String BUDGET_VIEW = "budget:view";
    public static final String BUDGET_MANAGE = "budget:manage";
    public static final String REPORTS_VIEW = "reports:view";
    public static final String REPORTS_GENERATE = "reports:generate";
    public static final String SCIM_PROVISION = "scim:provision";
    public static final String MODELS_USE = "models:use";
    public static final String CODE_GENERATE = "code:generate";
    public static final String CODE_ANALYZE = "code:analyze";
    public static final String DOCS_GENERATE = "docs:generate";
    public static final String CHAT_CREATE = "chat:create";
    public static final String WORKFLOWS_MANAGE = "workflows:manage";

    /** The task assumed for a gateway call when nothing says which task it serves. */
    public static final String DEFAULT_TASK = "code_generation";

    /** The permission each known task requires on top of {@code models:use}. */
    public static final Map<String, String> TASKS = Map.of(
            "code_generation", CODE_GENERATE,
            "code_review", CODE_ANALYZE,
            "security_analysis", CODE_ANALYZE,
            "documentation", DOCS_GENERATE);

    /**
     * Permissions that change what others may do or see beyond their own work; a role carrying one (directly or
     * through a wildcard) is an administrative role.
     */
    public static final List<String> ADMINISTRATIVE = List.of(ADMIN_FULL, CONFIG_WRITE, USERS_MANAGE, KEYS_MANAGE,
            ROLES_MANAGE, SECURITY_MANAGE, BILLING_MANAGE, BUDGET_MANAGE, TEAM_MANAGE, SCIM_PROVISION, WORKFLOWS_MANAGE);

    /** Implications across areas: holding the key grants the values too. */
    public static final Map<String, List<String>> IMPLIED = implied();

    /** Every permission Aurelis itself checks, with what it allows; roles may carry others for later modules. */
    public static final Map<String, String> VOCABULARY = vocabulary();

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*[:.]([a-z][a-z0-9_-]*|\\*)");
    private static final Pattern TASK = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private Permission() {
    }

    private static Map<String, List<String>> implied() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put(USERS_MANAGE, List.of(KEYS_MANAGE));
        m.put(TEAM_VIEW, List.of(USERS_READ, KEYS_READ));
        m.put(TEAM_MANAGE, List.of(MODELS_CONFIGURE));
        m.put(AUDIT_READ, List.of(USERS_READ, KEYS_READ, ROLES_READ));
        m.put(CONFIG_READ, List.of(ROLES_READ));
        m.put(CHAT_CREATE, List.of(MODELS_USE, CODE_GENERATE, CODE_ANALYZE, DOCS_GENERATE));
        // budgets are part of billing; whoever generates reports may read them
        m.put(BILLING_READ, List.of(BUDGET_VIEW));
        m.put(BILLING_MANAGE, List.of(BUDGET_MANAGE));
        m.put(REPORTS_GENERATE, List.of(REPORTS_VIEW));
        // workflow definitions are configuration: whoever changes the configuration may write them too
        m.put(CONFIG_WRITE, List.of(WORKFLOWS_MANAGE));
        return Map.copyOf(m);
    }

    private static Map<String, String> vocabulary() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(ADMIN_FULL, "everything");
        v.put(CONFIG_READ, "read the organisation's configuration and role definitions");
        v.put(CONFIG_WRITE, "change the organisation's configuration");
        v.put(USERS_READ, "list users");
        v.put(USERS_MANAGE, "de-provision users; includes keys:manage");
        v.put(KEYS_READ, "list API keys (never their secrets)");
        v.put(KEYS_MANAGE, "issue, revoke and rotate API keys");
        v.put(ROLES_READ, "read roles and role bindings");
        v.put(ROLES_MANAGE, "define roles and bind them to users and teams");
        v.put(TEAM_VIEW, "see teams, their members and keys");
        v.put(TEAM_MANAGE, "manage teams; includes team:view and models:configure");
        v.put(MODELS_CONFIGURE, "set a team's model allow-list");
        v.put(USAGE_READ, "read usage and spend (same as usage:view)");
        v.put(AUDIT_READ, "read the audit trail; includes users:read, keys:read and roles:read");
        v.put(BILLING_READ, "read billing; includes budget:view");
        v.put(BILLING_MANAGE, "manage billing; includes budget:manage");
        v.put(BUDGET_VIEW, "see budgets, their current spend and the thresholds they crossed");
        v.put(BUDGET_MANAGE, "create, change and delete budgets");
        v.put(REPORTS_VIEW, "read cost reports");
        v.put(REPORTS_GENERATE, "generate reports; includes reports:view");
        v.put(SECURITY_MANAGE, "manage security settings");
        v.put(SCIM_PROVISION, "provision users and groups over SCIM 2.0");
        v.put(MODELS_USE, "call models through the gateway");
        v.put(CODE_GENERATE, "gateway task code_generation (the default task)");
        v.put(CODE_ANALYZE, "gateway tasks code_review and security_analysis");
        v.put(DOCS_GENERATE, "gateway task documentation");
        v.put(WORKFLOWS_MANAGE, "create, change and delete code-review workflow definitions through the API; "
                + "included in config:write");
        v.put(CHAT_CREATE, "Cortex style: use the assistant; includes models:use, code:generate, code:analyze, docs:generate");
        return java.util.Collections.unmodifiableMap(v);
    }

    /** Whether {@code name} is a well-formed permission ({@code area:action}, {@code area.action}, {@code area:*}). */
    public static boolean isWellFormed(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** The canonical spelling: {@code chat.create} becomes {@code chat:create}. */
    public static String normalize(String name) {
        String n = name.strip();
        if (n.indexOf(':') < 0) {
            int dot = n.indexOf('.');
            if (dot > 0) {
                n = n.substring(0, dot) + ":" + n.substring(dot + 1);
            }
        }
        return n;
    }

    /** Every permission the given ones grant by the rules above (wildcards stay wildcards). */
    public static Set<String> expand(Collection<String> permissions) {
        Set<String> result = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        permissions.forEach(p -> pending.add(normalize(p)));
        while (!pending.isEmpty()) {
            String p = pending.pop();
            if (!result.add(p)) {
                continue;
            }
            int colon = p.indexOf(':');
            if (colon > 0) {
                String area = p.substring(0, colon);
                switch (p.substring(colon + 1)) {
                    case "manage" -> pending.addAll(List.of(area + ":write", area + ":read", area + ":view"));
                    case "write" -> pending.addAll(List.of(area + ":read", area + ":view"));
                    case "read" -> pending.add(area + ":view");
                    case "view" -> pending.add(area + ":read");
                    case "*", "all" -> {
                        // a wildcard also carries what the area's named permissions imply elsewhere
                        pending.add(area + ":manage");
                        IMPLIED.keySet().stream().filter(k -> k.startsWith(area + ":")).forEach(pending::add);
                    }
                    default -> {
                    }
                }
            }
            pending.addAll(IMPLIED.getOrDefault(p, List.of()));
        }
        return Set.copyOf(result);
    }

    /** Whether an expanded set (see {@link #expand}) includes {@code wanted}. */
    public static boolean includes(Set<String> expanded, String wanted) {
        if (expanded.contains(wanted) || expanded.contains(ADMIN_FULL)) {
            return true;
        }
        int colon = wanted.indexOf(':');
        if (colon > 0) {
            String area = wanted.substring(0, colon);
            if (expanded.contains(area + ":*") || expanded.contains(area + ":all")) {
                return true;
            }
        }
        return false;
    }

    /** Whether a set of granted permissions, as a role lists them, includes {@code wanted}. */
    public static boolean granted(Set<String> granted, String wanted) {
        return includes(expand(granted), normalize(wanted));
    }

    /** Whether a task name is well-formed (lower case letters, digits and underscores). */
    public static boolean isTaskName(String task) {
        return task != null && TASK.matcher(task).matches();
    }

    /**
     * The permission a gateway call for {@code task} requires besides {@code models:use}. A task this table
     * does not know (routing may define more) requires what the default task requires.
     */
    public static String forTask(String task) {
        String known = TASKS.get(task == null ? DEFAULT_TASK : task.toLowerCase(Locale.ROOT));
        return known != null ? known : TASKS.get(DEFAULT_TASK);
    }
}
