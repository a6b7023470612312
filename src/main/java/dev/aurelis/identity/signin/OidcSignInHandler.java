package dev.aurelis.identity.signin;

import dev.aurelis.identity.SignIn;
import dev.aurelis.identity.SignInFailed;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import dev.aurelis.storage.DurableEvents;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.stereotype.Component;

/**
 * Ends the OpenID Connect login Spring Security ran (code exchange with PKCE, ID token signature, issuer,
 * audience, expiry and nonce checked): provisions the person, starts an Aurelis session and drops the short-lived
 * servlet session that carried the authorisation request.
 */
@Component
public class OidcSignInHandler implements AuthenticationSuccessHandler, AuthenticationFailureHandler {

    private final OidcSignIn oidc;
    private final Provisioning provisioning;
    private final Sessions sessions;
    private final SignIn signIn;
    private final DurableEvents events;

    OidcSignInHandler(OidcSignIn oidc, Provisioning provisioning, Sessions sessions, SignIn signIn,
            DurableEvents events) {
        this.oidc = oidc;
        this.provisioning = provisioning;
        this.sessions = sessions;
        this.signIn = signIn;
        this.events = events;
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response,
            Authentication authentication) throws IOException {
        SecurityContextHolder.clearContext();
        String next = SignInController.HOME;
        HttpSession flow = request.getSession(false);
        if (flow != null) {
            Object saved = flow.getAttribute(SignInController.NEXT_ATTRIBUTE);
            next = PublicUrl.localPath(saved == null ? null : saved.toString(), SignInController.HOME);
            flow.invalidate();
        }
        if (!(authentication.getPrincipal() instanceof OidcUser user)) {
            fail(request, response, null, "The provider did not return an ID token; is the openid scope requested?");
            return;
        }
        ExternalIdentity identity = oidc.identityOf(user);
        Provisioning.Account account;
        try {
            account = provisioning.signIn(identity);
        } catch (SignInRefused e) {
            fail(request, response, e.principal(), e.getMessage());
            return;
        }
        sessions.start(request, response, account.userId(), "oidc", account.mfa(), user.getIdToken().getTokenValue());
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", account.mfa().complete() ? next : SignInController.MFA_PAGE);
    }

    @Override
    public void onAuthenticationFailure(HttpServletRequest request, HttpServletResponse response,
            AuthenticationException exception) throws IOException {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof SignInRefused refused) {
                fail(request, response, refused.principal(), refused.getMessage());
                return;
            }
        }
        fail(request, response, null, "Sign-in through the identity provider failed: " + exception.getMessage());
    }

    private void fail(HttpServletRequest request, HttpServletResponse response, String principal, String reason)
            throws IOException {
        events.publish(new SignInFailed(signIn.settings().tenantId().value(), "oidc", principal, reason));
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", "/login?error=" + URLEncoder.encode(reason, StandardCharsets.UTF_8));
    }
}
