package dev.aurelis.identity;

import dev.aurelis.access.BuiltInRoles;
import dev.aurelis.identity.signin.LocalAccounts;
import dev.aurelis.tenancy.TenantId;
import java.io.PrintStream;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Makes sure an organisation has a first administrator. On the first start (no enterprise_admin key yet) the
 * key from {@code AURELIS_BOOTSTRAP_ADMIN_KEY} is installed, or a new one is generated and printed once to
 * standard output (never to the log). Later starts change nothing.
 */
@Component
public class AdminBootstrap {

    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    private static final int MIN_KEY_LENGTH = 20;

    private final ApiKeys keys;
    private final Users users;
    private final String configuredKey;
    private final String adminEmail;
    private final PrintStream console;
    private final LocalAccounts localAccounts;
    private final String adminPassword;

    AdminBootstrap(ApiKeys keys, Users users, LocalAccounts localAccounts,
            @Value("${aurelis.bootstrap-admin-key:}") String configuredKey,
            @Value("${aurelis.bootstrap-admin-email:admin@aurelis.local}") String adminEmail,
            @Value("${aurelis.bootstrap-admin-password:}") String adminPassword) {
        this.keys = keys;
        this.users = users;
        this.localAccounts = localAccounts;
        this.adminPassword = adminPassword == null ? "" : adminPassword;
        this.configuredKey = configuredKey == null ? "" : configuredKey.strip();
        this.adminEmail = adminEmail;
        this.console = System.out;
    }

    @Transactional
    public void ensure(TenantId tenant) {
        ensureKey(tenant);
        // The administrator's password for signing in to the console locally (the break-glass path when the
        // identity provider is down); set once, later changes go through the admin API.
        if (!adminPassword.isEmpty() && !localAccounts.exists(tenant, adminEmail)) {
            UUID admin = localAccounts.setPassword(tenant, adminEmail, adminPassword, "bootstrap", "bootstrap");
            users.grantRole(tenant, admin, BuiltInRoles.ENTERPRISE_ADMIN);
            log.info("Installed AURELIS_BOOTSTRAP_ADMIN_PASSWORD as the local password of {}", adminEmail);
        }
    }

    private void ensureKey(TenantId tenant) {
        if (!configuredKey.isEmpty() && configuredKey.length() < MIN_KEY_LENGTH) {
            throw new IllegalStateException("AURELIS_BOOTSTRAP_ADMIN_KEY must be at least " + MIN_KEY_LENGTH
                    + " characters long.");
        }
        if (keys.anyKeyWithRole(tenant, BuiltInRoles.ENTERPRISE_ADMIN)) {
            if (!configuredKey.isEmpty() && !keys.isKnown(configuredKey)) {
                log.info("AURELIS_BOOTSTRAP_ADMIN_KEY is ignored: organisation '{}' already has an administrator key", tenant);
            }
            return;
        }
        // A key is one organisation's: when the configured one already opens another organisation (a file that
        // names a new tenant), this one gets a key of its own instead of failing start-up on the duplicate.
        boolean takenElsewhere = !configuredKey.isEmpty() && keys.isKnown(configuredKey);
        if (takenElsewhere) {
            log.warn("AURELIS_BOOTSTRAP_ADMIN_KEY is already the administrator key of another organisation; '{}' gets "
                    + "a generated key instead (printed below)", tenant);
        }
        boolean generated = configuredKey.isEmpty() || takenElsewhere;
        String key = generated ? KeyMaterial.newKey() : configuredKey;
        ApiKeyInfo info = keys.install(tenant, key, adminEmail, List.of(BuiltInRoles.ENTERPRISE_ADMIN), "bootstrap admin");
        users.grantRole(tenant, users.ensure(tenant, adminEmail, "bootstrap", "bootstrap"), BuiltInRoles.ENTERPRISE_ADMIN);
        keys.reloadAfterCommit();
        if (generated) {
            console.println();
            console.println("==================================================================");
            console.println(" Aurelis generated the first administrator key for '" + tenant + "'.");
            console.println(" It is shown only this once; store it now:");
            console.println();
            console.println("   AURELIS_ADMIN_KEY=" + key);
            console.println();
            console.println("==================================================================");
            console.println();
        } else {
            log.info("Installed AURELIS_BOOTSTRAP_ADMIN_KEY ({}…) as the administrator key of '{}'", info.prefix(), tenant);
        }
    }
}
