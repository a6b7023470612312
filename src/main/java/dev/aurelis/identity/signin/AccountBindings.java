package dev.aurelis.identity.signin;

import dev.aurelis.identity.IdentityLinked;
import dev.aurelis.identity.IdentityUnlinked;
import dev.aurelis.tenancy.TenantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which outside identity belongs to which account: (OIDC issuer, subject), (SAML IdP entity id, NameID) or
 * (directory URL, DN), bound once and matched on alone at every later sign-in. An account has at most one identity
 * per provider, and an identity belongs to one account.
 */
@Component
public class AccountBindings {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    AccountBindings(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /** One binding; {@code via} is provisioned, email, admin or legacy (made before bindings were checked). */
    public record Binding(UUID id, UUID userId, String method, String issuer, String subject, String via,
            String linkedBy, Instant createdAt, Instant lastSignIn) {
    }

    /** The account an identity is bound to. */
    public Optional<UUID> userOf(TenantId tenant, String method, String issuer, String subject) {
        return jdbc.sql("""
                select user_id from identity_external_identity
                where tenant_id = ? and method = ? and issuer = ? and subject = ?
                """).params(tenant.value(), method, issuer, subject).query(UUID.class).optional();
    }

    /** The identity an account has at one provider, if any. */
    public Optional<Binding> atProvider(TenantId tenant, UUID userId, String method, String issuer) {
        return jdbc.sql(SELECT + " where tenant_id = ? and user_id = ? and method = ? and issuer = ?")
                .params(tenant.value(), userId, method, issuer).query(AccountBindings::binding).optional();
    }

    public List<Binding> of(TenantId tenant, UUID userId) {
        return jdbc.sql(SELECT + " where tenant_id = ? and user_id = ? order by created_at, id")
                .params(tenant.value(), userId).query(AccountBindings::binding).list();
    }

    /**
     * Binds an identity to an account; false when the identity or the account's place at that provider is taken
     * (by a concurrent sign-in, or by another identity), in which case nothing changed.
     */
    @Transactional
    public boolean bind(TenantId tenant, UUID userId, String email, String method, String issuer, String subject,
            String via, String actor) {
        int added = jdbc.sql("""
                insert into identity_external_identity (tenant_id, method, issuer, subject, user_id, linked_via, linked_by)
                values (?, ?, ?, ?, ?, ?, ?) on conflict do nothing
                """).params(tenant.value(), method, issuer, subject, userId, via, actor).update();
        if (added > 0) {
            events.publishEvent(new IdentityLinked(tenant.value(), userId, email, method, issuer, subject, via, actor));
        }
        return added > 0;
    }

    /** Records a sign-in through a binding. */
    void signedIn(TenantId tenant, String method, String issuer, String subject) {
        jdbc.sql("""
                update identity_external_identity set last_sign_in = now()
                where tenant_id = ? and method = ? and issuer = ? and subject = ?
                """).params(tenant.value(), method, issuer, subject).update();
    }

    @Transactional
    public Optional<Binding> unbind(TenantId tenant, UUID userId, UUID bindingId, String email, String actor) {
        Optional<Binding> removed = jdbc.sql("delete from identity_external_identity where tenant_id = ? and user_id = ? "
                        + "and id = ? returning " + COLUMNS)
                .params(tenant.value(), userId, bindingId).query(AccountBindings::binding).optional();
        removed.ifPresent(b -> events.publishEvent(new IdentityUnlinked(tenant.value(), userId, email, b.method(),
                b.issuer(), b.subject(), actor)));
        return removed;
    }

    private static final String COLUMNS = "id, user_id, method, issuer, subject, linked_via, linked_by, created_at, last_sign_in";
    private static final String SELECT = "select " + COLUMNS + " from identity_external_identity";

    private static Binding binding(ResultSet rs, int row) throws SQLException {
        return new Binding(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getTimestamp(8).toInstant(),
                rs.getTimestamp(9).toInstant());
    }
}
