package dev.aurelis.identity;

import dev.aurelis.identity.signin.OidcSignIn;
import dev.aurelis.identity.signin.OidcSignInHandler;
import dev.aurelis.identity.signin.Sessions;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.stereotype.Component;

/**
 * The parts of the security chain that sign people in: the database-backed session as the security context,
 * OpenID Connect login with PKCE, and CSRF protection for everything a session cookie can reach.
 */
@Component
class SignInSecurity {

    /** Reachable without signing in: the sign-in endpoints themselves and RFC 8628's two endpoints. */
    static final String[] PUBLIC_PATHS = {"/login", "/auth/**", "/oauth2/authorization/**", "/login/oauth2/code/**",
            "/device", "/api/v1/device/authorize", "/api/v1/device/token"};

    /** POSTs that cannot carry our CSRF token: the IdP's cross-site POST (signed and bound to our request) and RFC 8628. */
    private static final Set<String> CSRF_EXEMPT = Set.of("/auth/saml/acs", "/api/v1/device/authorize", "/api/v1/device/token");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final Sessions sessions;
    private final OidcSignIn oidc;
    private final OidcSignInHandler oidcHandler;

    SignInSecurity(Sessions sessions, OidcSignIn oidc, OidcSignInHandler oidcHandler) {
        this.sessions = sessions;
        this.oidc = oidc;
        this.oidcHandler = oidcHandler;
    }

    void configure(HttpSecurity http) throws Exception {
        DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(oidc,
                "/oauth2/authorization");
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        CookieCsrfTokenRepository csrfTokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        http.securityContext(context -> context.securityContextRepository(sessions))
                // the servlet session only carries an OIDC authorisation request across the provider's redirect
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(SignInSecurity::needsCsrfToken))
                .oauth2Login(login -> login.clientRegistrationRepository(oidc)
                        .loginPage("/login")
                        .authorizationEndpoint(endpoint -> endpoint.authorizationRequestResolver(resolver))
                        .tokenEndpoint(token -> token.accessTokenResponseClient(oidc.tokenClient()))
                        .userInfoEndpoint(userInfo -> userInfo.oidcUserService(oidc.userService()))
                        .successHandler(oidcHandler)
                        .failureHandler(oidcHandler));
    }

    /**
     * A state-changing request needs a CSRF token when the browser could have sent it on its own: it carries no
     * bearer key, and it either rides on the session cookie or goes to the sign-in pages (login CSRF).
     */
    static boolean needsCsrfToken(HttpServletRequest request) {
        if (SAFE_METHODS.contains(request.getMethod()) || CSRF_EXEMPT.contains(request.getRequestURI())) {
            return false;
        }
        if (request.getHeader("authorization") != null) {
            return false;
        }
        return hasSessionCookie(request) || !request.getRequestURI().startsWith("/api/");
    }

    private static boolean hasSessionCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (Sessions.COOKIE.equals(cookie.getName())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Browsers asking for a page are sent to the sign-in page; programs get a 401. */
    boolean redirectsToSignIn(HttpServletRequest request) {
        String accept = request.getHeader("accept");
        return !request.getRequestURI().startsWith("/api/") && accept != null && accept.contains("text/html");
    }

    void redirectToSignIn(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String next = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
    }

}
