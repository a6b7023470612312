package dev.aurelis.identity.signin;

import dev.aurelis.identity.Caller;
import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.UserDeprovisioned;
import dev.aurelis.identity.UserSignedIn;
import dev.aurelis.identity.UserSignedOut;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import dev.aurelis.storage.DurableEvents;
import org.springframework.context.event.EventListener;
import org.springframework.http.ResponseCookie;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.context.HttpRequestResponseHolder;
import org.springframework.security.web.context.SecurityContextRepository;
import org.springframework.stereotype.Component;

/**
 * Browser sessions, kept in the database so that every replica recognises them, an administrator or a
 * de-provisioning can end them, and a restart keeps people signed in. The cookie holds a random token; only its
 * hash is stored. A session ends after {@code security.session_timeout} without activity, and at once when its
 * user is de-provisioned. The caller is rebuilt from the user's current teams and role bindings on every request,
 * so a changed role applies at once.
 *
 * <p>Row-level security: a session belongs to the organisation people sign in to ({@link SignIn}), so a request's
 * session is looked up acting for that tenant; the request then acts for the session's tenant (see
 * {@code SignInSecurity}). Every other method works on the current tenant's rows.
 */
@Component
public class Sessions implements SecurityContextRepository {

    public static final String COOKIE = "AURELIS_SESSION";
    /** Activity is written back at most this often, so a busy console does not write on every request. */
    private static final Duration TOUCH_GRANULARITY = Duration.ofSeconds(30);

    private final JdbcClient jdbc;
    private final SignIn signIn;
    private final UserCallers callers;
    private final DurableEvents events;

    Sessions(JdbcClient jdbc, SignIn signIn, UserCallers callers, DurableEvents events) {
        this.jdbc = jdbc;
        this.signIn = signIn;
        this.callers = callers;
        this.events = events;
    }

    /** A live session as stored. */
    public record Session(TenantId tenantId, UUID id, UUID userId, String email, String method, MfaState mfa,
            Instant lastSeenAt, Instant expiresAt, String idToken) {
    }

    /**
     * Starts a session for a user whose first factor was proven and sets its cookie. A session that needs no
     * further factor counts as a completed sign-in.
     */
    public UUID start(HttpServletRequest request, HttpServletResponse response, UUID userId, String method,
            MfaState mfa, String idToken) {
        TenantId tenant = signIn.settings().tenantId();
        endQuietly(request);
        String token = Secrets.token();
        UUID id = UUID.randomUUID();
        Duration timeout = signIn.settings().sessionTimeout();
        jdbc.sql("""
                insert into identity_session (tenant_id, id, token_hash, user_id, method, mfa, created_at, last_seen_at,
                    expires_at, id_token)
                values (?, ?, ?, ?, ?, ?, clock_timestamp(), clock_timestamp(), clock_timestamp() + ?::interval, ?)
                """).params(tenant.value(), id, Secrets.sha256(token), userId, method, mfa.column(),
                timeout.toSeconds() + " seconds", idToken).update();
        setCookie(request, response, token);
        if (mfa.complete()) {
            signedIn(tenant, userId, method, id);
        }
        return id;
    }

    /** Marks the session's second factor as passed and replaces its token, since its privileges just grew. */
    public void passMfa(HttpServletRequest request, HttpServletResponse response, UUID sessionId) {
        TenantId tenant = signIn.settings().tenantId();
        String token = Secrets.token();
        int updated = jdbc.sql("""
                update identity_session set mfa = 'passed', token_hash = ?, webauthn_challenge = null
                where tenant_id = ? and id = ? and ended_at is null and mfa in ('pending', 'enrolment_required')
                """).params(Secrets.sha256(token), tenant.value(), sessionId).update();
        if (updated == 0) {
            return;
        }
        setCookie(request, response, token);
        Session session = byId(tenant, sessionId).orElseThrow();
        signedIn(tenant, session.userId(), session.method(), sessionId);
        SecurityContextHolder.getContext().setAuthentication(authenticationOf(session));
    }

    private void signedIn(TenantId tenant, UUID userId, String method, UUID sessionId) {
        String email = jdbc.sql("select email from identity_user where tenant_id = ? and id = ?")
                .params(tenant.value(), userId).query(String.class).single();
        events.publish(new UserSignedIn(tenant.value(), userId, email, method, sessionId));
    }

    /** Ends the request's session and clears its cookie; returns the ended session, if there was one. */
    public Optional<Session> end(HttpServletRequest request, HttpServletResponse response) {
        Optional<Session> session = current(request);
        endQuietly(request);
        ResponseCookie cleared = ResponseCookie.from(COOKIE, "").path("/").httpOnly(true).sameSite("Lax")
                .secure(request.isSecure()).maxAge(0).build();
        response.addHeader("Set-Cookie", cleared.toString());
        session.ifPresent(s -> events.publish(new UserSignedOut(s.tenantId().value(), s.userId(), s.email(), s.method(),
                s.id())));
        return session;
    }

    /** Ends every live session of a user (for example when they are de-provisioned). */
    public int endAll(TenantId tenant, UUID userId) {
        return TenantContext.call(tenant, () -> jdbc.sql(
                "update identity_session set ended_at = clock_timestamp() where tenant_id = ? and user_id = ? and ended_at is null")
                .params(tenant.value(), userId).update());
    }

    /** A de-provisioned user (SCIM, the admin API) is signed out everywhere, in the de-provisioning transaction. */
    @EventListener
    void onUserDeprovisioned(UserDeprovisioned event) {
        endAll(TenantId.of(event.tenantId()), event.userId());
    }

    private void endQuietly(HttpServletRequest request) {
        token(request).ifPresent(token -> jdbc.sql(
                "update identity_session set ended_at = clock_timestamp() where token_hash = ? and ended_at is null")
                .param(Secrets.sha256(token)).update());
    }

    /** The request's live session, sliding its expiry forward. */
    public Optional<Session> current(HttpServletRequest request) {
        Object cached = request.getAttribute(Session.class.getName());
        if (cached instanceof Session session) {
            return Optional.of(session);
        }
        Optional<Session> session = token(request).flatMap(this::live);
        session.ifPresent(s -> request.setAttribute(Session.class.getName(), s));
        return session;
    }

    /** Looked up before the request knows its tenant: sessions belong to the tenant people sign in to. */
    private Optional<Session> live(String token) {
        TenantId tenant = signIn.settings().tenantId();
        return TenantContext.call(tenant, () -> {
            Optional<Session> session = jdbc.sql(SELECT + " where s.token_hash = ? and s.tenant_id = ? and s.ended_at is null "
                            + "and s.expires_at > clock_timestamp()")
                    .params(Secrets.sha256(token), tenant.value()).query(Sessions::session).optional();
            session.ifPresent(this::touch);
            return session;
        });
    }

    Optional<Session> byId(TenantId tenant, UUID id) {
        return jdbc.sql(SELECT + " where s.tenant_id = ? and s.id = ?").params(tenant.value(), id)
                .query(Sessions::session).optional();
    }

    private void touch(Session session) {
        Instant now = Instant.now();
        if (Duration.between(session.lastSeenAt(), now).compareTo(TOUCH_GRANULARITY) >= 0) {
            jdbc.sql("""
                    update identity_session set last_seen_at = clock_timestamp(),
                        expires_at = clock_timestamp() + ?::interval
                    where tenant_id = ? and id = ? and ended_at is null
                    """).params(signIn.settings().sessionTimeout().toSeconds() + " seconds",
                    session.tenantId().value(), session.id()).update();
        }
    }

    /** Remembers the challenge of a WebAuthn ceremony in progress for this session. */
    void rememberChallenge(Session session, byte[] challenge) {
        jdbc.sql("update identity_session set webauthn_challenge = ? where tenant_id = ? and id = ?")
                .params(challenge, session.tenantId().value(), session.id()).update();
    }

    /** The challenge of the session's WebAuthn ceremony, usable once. */
    Optional<byte[]> takeChallenge(Session session) {
        Optional<byte[]> challenge = jdbc.sql("select webauthn_challenge from identity_session where tenant_id = ? and id = ?")
                .params(session.tenantId().value(), session.id()).query((rs, n) -> rs.getBytes(1)).list().stream()
                .filter(c -> c != null).findFirst();
        jdbc.sql("update identity_session set webauthn_challenge = null where tenant_id = ? and id = ?")
                .params(session.tenantId().value(), session.id()).update();
        return challenge;
    }

    private static final String SELECT = """
            select s.tenant_id, s.id, s.user_id, u.email, s.method, s.mfa, s.last_seen_at, s.expires_at, s.id_token
            from identity_session s join identity_user u on u.tenant_id = s.tenant_id and u.id = s.user_id
            """;

    private static Session session(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new Session(TenantId.of(rs.getString(1)), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                rs.getString(4), rs.getString(5), MfaState.of(rs.getString(6)),
                rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant(), rs.getString(9));
    }

    private static Optional<String> token(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return Optional.empty();
        }
        for (Cookie cookie : cookies) {
            if (COOKIE.equals(cookie.getName()) && cookie.getValue() != null && !cookie.getValue().isBlank()) {
                return Optional.of(cookie.getValue());
            }
        }
        return Optional.empty();
    }

    private static void setCookie(HttpServletRequest request, HttpServletResponse response, String token) {
        // Lax: sent on top-level navigations back from an identity provider, never on cross-site POSTs
        ResponseCookie cookie = ResponseCookie.from(COOKIE, token).path("/").httpOnly(true).sameSite("Lax")
                .secure(request.isSecure()).build();
        response.addHeader("Set-Cookie", cookie.toString());
    }

    /** The authentication a session stands for; a deactivated user's session stands for nobody. */
    private Authentication authenticationOf(Session session) {
        if (!session.mfa().complete()) {
            return new PendingMfaAuthentication(session.tenantId(), session.userId(), session.email(), session.id(),
                    session.mfa());
        }
        Optional<Caller> caller = callers.of(session.tenantId(), session.userId());
        return caller.<Authentication>map(c -> new SessionAuthentication(c, session.id(), session.method())).orElse(null);
    }

    // SecurityContextRepository: sessions are started explicitly by the sign-in endpoints, never by saving a context.

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        return new DeferredSecurityContext() {
            private SecurityContext context;

            @Override
            public SecurityContext get() {
                if (context == null) {
                    context = new SecurityContextImpl();
                    current(request).map(Sessions.this::authenticationOf).ifPresent(context::setAuthentication);
                }
                return context;
            }

            @Override
            public boolean isGenerated() {
                return get().getAuthentication() == null;
            }
        };
    }

    @Override
    @SuppressWarnings("deprecation")
    public SecurityContext loadContext(HttpRequestResponseHolder holder) {
        return loadDeferredContext(holder.getRequest()).get();
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return token(request).isPresent();
    }
}
