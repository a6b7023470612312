package dev.aurelis.identity;

import dev.aurelis.access.BuiltInRoles;
import dev.aurelis.tenancy.TenantId;
import java.io.PrintStream;
import java.util.List;
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

    AdminBootstrap(ApiKeys keys, Users users, @Value("${aurelis.bootstrap-admin-key:}") String configuredKey,
            @Value("${aurelis.bootstrap-admin-email:admin@aurelis.local}") String adminEmail) {
        this.keys = keys;
        this.users = users;
        this.configuredKey = configuredKey == null ? "" : configuredKey.strip();
        this.adminEmail = adminEmail;
        this.console = System.out;
    }

    @Transactional
    public void ensure(TenantId tenant) {
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
        String key = configuredKey.isEmpty() ? KeyMaterial.newKey() : configuredKey;
        ApiKeyInfo info = keys.install(tenant, key, adminEmail, List.of(BuiltInRoles.ENTERPRISE_ADMIN), "bootstrap admin");
        users.grantRole(tenant, users.ensure(tenant, adminEmail, "bootstrap", "bootstrap"), BuiltInRoles.ENTERPRISE_ADMIN);
        keys.reloadAfterCommit();
        if (configuredKey.isEmpty()) {
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
