package dev.aurelis.identity.signin;

import dev.aurelis.access.AccessPolicy;
import dev.aurelis.identity.Users;
import dev.aurelis.tenancy.TenantId;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts whose password Aurelis keeps: the bootstrap administrator and break-glass accounts that must work
 * when the identity provider does not. Passwords are hashed with bcrypt.
 */
@Component
public class LocalAccounts {

    public static final int MIN_PASSWORD_LENGTH = 12;

    private final JdbcClient jdbc;
    private final Users users;
    private final AccessPolicy access;
    private final PasswordEncoder encoder = new BCryptPasswordEncoder(12);
    /** Checked against when the account does not exist, so a wrong name costs as long as a wrong password. */
    private final String decoyHash;

    LocalAccounts(JdbcClient jdbc, Users users, AccessPolicy access) {
        this.jdbc = jdbc;
        this.users = users;
        this.access = access;
        this.decoyHash = encoder.encode(Secrets.token());
    }

    /**
     * Sets the password of the user with this e-mail, creating the user if needed ({@code via} and {@code actor}
     * say who asked, as for {@link dev.aurelis.identity.UserProvisioned}).
     */
    @Transactional
    public UUID setPassword(TenantId tenant, String email, String password, String via, String actor) {
        if (password == null || password.length() < MIN_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("A password must be at least " + MIN_PASSWORD_LENGTH + " characters long.");
        }
        UUID userId = users.ensure(tenant, email, via, actor);
        jdbc.sql("""
                insert into identity_local_account (tenant_id, user_id, password_hash) values (?, ?, ?)
                on conflict (tenant_id, user_id) do update set password_hash = excluded.password_hash, updated_at = now()
                """).params(tenant.value(), userId, encoder.encode(password)).update();
        return userId;
    }

    public boolean exists(TenantId tenant, String email) {
        return users.idOf(tenant, email).map(id -> jdbc.sql(
                "select exists (select 1 from identity_local_account where tenant_id = ? and user_id = ?)")
                .params(tenant.value(), id).query(Boolean.class).single()).orElse(false);
    }

    /**
     * Whether the account is a break-glass account: one with a local password, or the bootstrap administrator. Such
     * accounts must keep working when the identity provider is down or compromised, so sign-in never links them to
     * an outside identity by e-mail and group sync never changes them.
     */
    public boolean isBreakGlass(TenantId tenant, UUID userId) {
        boolean local = jdbc.sql("select exists (select 1 from identity_local_account where tenant_id = ? and user_id = ?)")
                .params(tenant.value(), userId).query(Boolean.class).single();
        return local || access.bindings(tenant).stream()
                .anyMatch(b -> userId.equals(b.userId()) && Users.BOOTSTRAP.equals(b.source()));
    }

    /** The user whose password this is; empty for a wrong name or password alike. */
    public Optional<UUID> check(TenantId tenant, String email, String password) {
        Optional<UUID> userId = users.idOf(tenant, email);
        Optional<String> hash = userId.flatMap(id -> jdbc.sql(
                "select password_hash from identity_local_account where tenant_id = ? and user_id = ?")
                .params(tenant.value(), id).query(String.class).optional());
        boolean matches = encoder.matches(password == null ? "" : password, hash.orElse(decoyHash));
        return matches && hash.isPresent() ? userId : Optional.empty();
    }
}
