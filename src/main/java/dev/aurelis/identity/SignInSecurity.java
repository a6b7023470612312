package dev.aurelis.identity;

import dev.aurelis.access.AuthorizationMatrix;
import dev.aurelis.identity.signin.OidcSignIn;
import dev.aurelis.identity.signin.OidcSignInHandler;
import dev.aurelis.identity.signin.Sessions;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.config.ObjectPostProcessor;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.web.context.SecurityContextHolderFilter;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestAttributeHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The parts of the security chain that sign people in: the database-backed session as the security context,
 * OpenID Connect login with PKCE, CSRF protection for everything a session cookie can reach, and the tenant a
 * request without an API key acts for (row-level security): its session's, or, on the sign-in endpoints (the
 * public rows of the authorization matrix), the tenant people sign in to.
 */
@Component
class SignInSecurity {

    /** POSTs that cannot carry our CSRF token: the IdP's cross-site POST (signed and bound to our request) and RFC 8628. */
    private static final Set<String> CSRF_EXEMPT = Set.of("/auth/saml/acs", "/api/v1/device/authorize", "/api/v1/device/token");
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final Sessions sessions;
    private final OidcSignIn oidc;
    private final OidcSignInHandler oidcHandler;
    private final SignIn signIn;

    SignInSecurity(Sessions sessions, OidcSignIn oidc, OidcSignInHandler oidcHandler, SignIn signIn) {
        this.sessions = sessions;
        this.oidc = oidc;
        this.oidcHandler = oidcHandler;
        this.signIn = signIn;
    }

    void configure(HttpSecurity http) throws Exception {
        DefaultOAuth2AuthorizationRequestResolver pkce = new DefaultOAuth2AuthorizationRequestResolver(oidc,
                OidcSignIn.AUTHORIZATION_BASE_PATH);
        pkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        OAuth2AuthorizationRequestResolver resolver = new OnlyWhenConfigured(pkce, oidc);
        CookieCsrfTokenRepository csrfTokens = CookieCsrfTokenRepository.withHttpOnlyFalse();
        csrfTokens.setCookieCustomizer(cookie -> cookie.sameSite("Strict"));
        http.addFilterAfter(new SessionTenantFilter(sessions, signIn, signInEndpoints()), SecurityContextHolderFilter.class)
                .securityContext(context -> context.securityContextRepository(sessions))
                // the servlet session only carries an OIDC authorisation request across the provider's redirect
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .csrf(csrf -> csrf.csrfTokenRepository(csrfTokens)
                        .csrfTokenRequestHandler(new CsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(SignInSecurity::needsCsrfToken))
                .oauth2Login(login -> login.clientRegistrationRepository(oidc)
                        .loginPage("/login")
                        // a provider that cannot be discovered in time sends the person back to /login with the reason
                        .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                            @Override
                            public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                                filter.setAuthenticationFailureHandler(oidcHandler);
                                return filter;
                            }
                        })
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
        return hasSessionCookie(request) || !(request.getRequestURI().startsWith("/api/")
                || AdminSecurity.isGraphQl(request.getRequestURI()));
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


    /** The sign-in endpoints: the public rows of the authorization matrix. */
    private static RequestMatcher signInEndpoints() {
        List<RequestMatcher> matchers = AuthorizationMatrix.operations().stream()
                .filter(AuthorizationMatrix.Operation::isPublic)
                .map(o -> (RequestMatcher) PathPatternRequestMatcher.withDefaults()
                        .matcher(HttpMethod.valueOf(o.method()), o.path()))
                .toList();
        return new OrRequestMatcher(matchers);
    }

    /**
     * Acts for a tenant while a request without an API key is handled: the tenant of its live session (looked up
     * acting for the tenant people sign in to, since that is where sessions are kept), else on a sign-in endpoint
     * the tenant people sign in to, else none (no tenant rows are visible). Requests with a bearer key on the
     * admin API or SCIM act for the key's tenant instead ({@code AdminSecurity.BearerKeyFilter}).
     */
    static final class SessionTenantFilter extends OncePerRequestFilter {
        private final Sessions sessions;
        private final SignIn signIn;
        private final RequestMatcher signInEndpoints;

        SessionTenantFilter(Sessions sessions, SignIn signIn, RequestMatcher signInEndpoints) {
            this.sessions = sessions;
            this.signIn = signIn;
            this.signInEndpoints = signInEndpoints;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String uri = request.getRequestURI();
            String authorization = request.getHeader("authorization");
            boolean keyDecides = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                    && (uri.startsWith("/api/") || uri.startsWith("/scim/"));
            Optional<TenantId> tenant = Optional.empty();
            if (!keyDecides) {
                tenant = sessions.current(request).map(Sessions.Session::tenantId);
                if (tenant.isEmpty() && signInEndpoints.matches(request)) {
                    tenant = Optional.of(signIn.settings().tenantId());
                }
            }
            if (tenant.isEmpty()) {
                chain.doFilter(request, response);
                return;
            }
            try (TenantContext.Bound ignored = TenantContext.open(tenant.get())) {
                chain.doFilter(request, response);
            }
        }
    }

    /**
     * Without an OpenID provider configured, the authorisation endpoint is not one: the request goes on to a
     * plain 404 instead of failing inside Spring Security's redirect filter.
     */
    private record OnlyWhenConfigured(OAuth2AuthorizationRequestResolver delegate, OidcSignIn oidc)
            implements OAuth2AuthorizationRequestResolver {

        @Override
        public OAuth2AuthorizationRequest resolve(HttpServletRequest request) {
            return oidc.configured() ? delegate.resolve(request) : null;
        }

        @Override
        public OAuth2AuthorizationRequest resolve(HttpServletRequest request, String clientRegistrationId) {
            return oidc.configured() ? delegate.resolve(request, clientRegistrationId) : null;
        }
    }
}
