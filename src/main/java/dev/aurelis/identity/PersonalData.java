package dev.aurelis.identity;

import dev.aurelis.privacy.ErasedStore;
import dev.aurelis.privacy.ErasureSubject;
import dev.aurelis.privacy.ErasureSubjects;
import dev.aurelis.privacy.PersonalDataStore;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What identity keeps about a person, found and erased on request. Everything that only serves signing in (sessions,
 * passkeys, TOTP seeds, recovery codes, outside identities, device logins, a local password) is deleted; the user row
 * stays, because keys and usage refer to its id, but its e-mail and names are replaced by the pseudonym; keys are
 * revoked and lose their names. Runs last of all stores (the row is how a repeated request finds the person), and
 * publishes no per-change events, which would carry the e-mail address into the audit trail after its erasure.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class PersonalData implements ErasureSubjects, PersonalDataStore {

    private static final String MODULE = "identity";
    /** Tables whose rows exist only for the person's sign-in: removed outright. */
    private static final List<String> DELETED = List.of("identity_session", "identity_webauthn_credential",
            "identity_totp", "identity_recovery_code", "identity_external_identity", "identity_group_grant",
            "identity_local_account", "identity_device_authorization", "identity_user_team", "identity_user_role");

    private final JdbcClient jdbc;
    private final ApiKeys keys;
    private final TransactionTemplate transactions;

    PersonalData(JdbcClient jdbc, ApiKeys keys, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.keys = keys;
        this.transactions = new TransactionTemplate(transactions);
    }

    @Override
    public Optional<ErasureSubject> find(TenantId tenant, String user) {
        UUID id = uuid(user);
        String address = user.toLowerCase(Locale.ROOT);
        return TenantContext.call(tenant, () -> jdbc.sql("""
                select id, email, user_name, display_name, given_name, family_name from identity_user
                where tenant_id = ? and (id = ? or email = ? or lower(user_name) = ?)
                order by (id = ?) desc, (email = ?) desc limit 1
                """).params(tenant.value(), id, address, address, id, address)
                .query((rs, n) -> new ErasureSubject(tenant, rs.getObject("id", UUID.class), rs.getString("email"),
                        List.of(nz(rs.getString("user_name")), nz(rs.getString("display_name")),
                                nz(rs.getString("given_name")), nz(rs.getString("family_name")))))
                .optional());
    }

    @Override
    public List<ErasedStore> erase(ErasureSubject subject) {
        TenantId tenant = subject.tenant();
        List<ErasedStore> done = new ArrayList<>();
        TenantContext.run(tenant, () -> transactions.executeWithoutResult(status -> {
            int revoked = jdbc.sql("""
                    update identity_api_key set name = null, updated_at = clock_timestamp(),
                        revoked_at = coalesce(revoked_at, clock_timestamp())
                    where tenant_id = ? and user_id = ?""").params(tenant.value(), subject.userId()).update();
            done.add(new ErasedStore(MODULE, "identity_api_key", "revoked", revoked,
                    "kept without names: usage refers to the key ids"));
            for (String table : DELETED) {
                int rows = jdbc.sql("delete from " + table + " where tenant_id = ? and user_id = ?")
                        .params(tenant.value(), subject.userId()).update();
                done.add(ErasedStore.of(MODULE, table, "deleted", rows));
            }
            int user = jdbc.sql("""
                    update identity_user set email = ?, user_name = null, external_id = null, display_name = null,
                        given_name = null, family_name = null, status = ?, updated_at = clock_timestamp()
                    where tenant_id = ? and id = ?""")
                    .params(subject.pseudonymousEmail(), User.DELETED, tenant.value(), subject.userId()).update();
            done.add(ErasedStore.of(MODULE, "identity_user", "pseudonymised", user));
            keys.reloadAfterCommit();
        }));
        // other replicas drop the revoked keys from their caches on their next refresh (aurelis.identity.refresh-interval)
        done.add(ErasedStore.of(MODULE, "api_key_cache", "cleared", 1));
        return done;
    }

    private static String nz(String value) {
        return value == null ? "" : value;
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            return new UUID(0, 0);
        }
    }
}
