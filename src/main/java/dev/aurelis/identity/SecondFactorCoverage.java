package dev.aurelis.identity;

import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which active people can sign in with a password of Aurelis's own (a local account) and which second factors they
 * have enrolled (a confirmed authenticator app, passkeys); people who sign in only through an identity provider are
 * left to that provider's MFA. Evidence for compliance reports; never returns a secret.
 */
@Component
public class SecondFactorCoverage {

    /** One person with a local account and the factors they have. */
    public record Account(UUID userId, String email, boolean totp, int passkeys) {

        public boolean covered() {
            return totp || passkeys > 0;
        }
    }

    private final JdbcClient jdbc;

    SecondFactorCoverage(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Every active person with a local account, by e-mail. */
    public List<Account> localAccounts(TenantId tenant) {
        return TenantContext.call(tenant, () -> jdbc.sql("""
                select u.id, u.email,
                       exists (select 1 from identity_totp t where t.tenant_id = u.tenant_id and t.user_id = u.id
                               and t.confirmed_at is not null),
                       (select count(*) from identity_webauthn_credential w
                         where w.tenant_id = u.tenant_id and w.user_id = u.id)
                from identity_user u
                join identity_local_account a on a.tenant_id = u.tenant_id and a.user_id = u.id
                where u.tenant_id = ? and u.status = 'active'
                order by u.email""").param(tenant.value())
                .query((rs, n) -> new Account(rs.getObject(1, UUID.class), rs.getString(2), rs.getBoolean(3),
                        rs.getInt(4))).list());
    }

    /** How many active people the organisation has. */
    public int activeUsers(TenantId tenant) {
        return TenantContext.call(tenant, () -> jdbc.sql("select count(*) from identity_user where tenant_id = ? and status = 'active'")
                .param(tenant.value()).query(Integer.class).single());
    }
}
