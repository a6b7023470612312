package dev.aurelis.access;

import java.util.Set;

/**
 * Permission names used by Aurelis. Roles may also carry any other name (for example the Cortex style
 * {@code chat.create}); they are matched literally, with {@code area:*} and {@code area:all} granting every
 * permission of an area and {@code admin:full} granting everything.
 */
public final class Permission {

    public static final String ADMIN_FULL = "admin:full";
    public static final String MODELS_USE = "models:use";
    public static final String USERS_MANAGE = "users:manage";
    public static final String KEYS_MANAGE = "keys:manage";
    public static final String USAGE_READ = "usage:read";
    public static final String CONFIG_READ = "config:read";
    public static final String CODE_GENERATE = "code:generate";
    public static final String CODE_ANALYZE = "code:analyze";
    public static final String DOCS_GENERATE = "docs:generate";

    private Permission() {
    }

    /** Whether a set of granted permissions includes {@code wanted}. */
    public static boolean granted(Set<String> granted, String wanted) {
        if (granted.contains(wanted) || granted.contains(ADMIN_FULL)) {
            return true;
        }
        int colon = wanted.indexOf(':');
        if (colon > 0) {
            String area = wanted.substring(0, colon);
            return granted.contains(area + ":*") || granted.contains(area + ":all");
        }
        return false;
    }
}
