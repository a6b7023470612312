package dev.aurelis.identity;

import dev.aurelis.access.AccessRefused;
import dev.aurelis.access.AuthorizationMatrix;
import dev.aurelis.tenancy.TenantContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import dev.aurelis.storage.DurableEvents;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security of the HTTP surface. The gateway ({@code /v1/**}) authenticates its callers itself, from memory,
 * and answers in the caller's wire format; its chain keeps no session and no CSRF state. The admin API
 * ({@code /api/**}) and SCIM ({@code /scim/**}) take an API key as a bearer token; the admin API also takes the
 * session of a person signed in through a browser (OIDC, SAML, LDAP or a local account). Every operation requires
 * the permission the authorization matrix ({@link AuthorizationMatrix}) names for its method and path (its public
 * rows, the sign-in endpoints, require none), and anything the matrix does not name requires {@code admin:full}.
 * {@code /graphql} takes the same keys and sessions; each of its fields checks the permission of the REST
 * operation it stands for.
 * While a request is handled, the caller's tenant is the current tenant (row-level security shows only its
 * rows), whether the caller presented a key or a session. Requests that ride on the session cookie need a CSRF
 * token; requests with a bearer key do not.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurity {

    /**
     * What pages may load: scripts, styles, images and connections from Aurelis itself only (the console's assets
     * come from WebJars inside the application), no inline script or style, no framing, no plugins.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
            + "frame-ancestors 'none'";

    static final String REQUIRED_PERMISSION = AdminSecurity.class.getName() + ".permission";
    private static final String SCIM_ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

    /** The gateway: stateless, untouched by sessions; the exchange pipeline authenticates. */
    @Bean
    @Order(1)
    SecurityFilterChain gatewayFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/v1/**")
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .anonymous(anonymous -> anonymous.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiKeys keys, SignInSecurity signIn,
            DurableEvents events) throws Exception {
        http.httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY)))
                .addFilterBefore(new BearerKeyFilter(keys), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> {
                            if (signIn.redirectsToSignIn(request)) {
                                signIn.redirectToSignIn(request, response);
                            } else {
                                error(request, response, 401, "authentication_error",
                                        request.getRequestURI().startsWith("/scim/")
                                                ? "Send an API key as 'Authorization: Bearer <key>'."
                                                : "Send an admin API key as 'Authorization: Bearer <key>', or sign in at /login.");
                            }
                        })
                        .accessDeniedHandler((request, response, ex) -> {
                            if (ex instanceof CsrfException) {
                                error(request, response, 403, "permission_error", "A request that rides on the session "
                                        + "cookie must carry the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header.");
                                return;
                            }
                            Object permission = request.getAttribute(REQUIRED_PERMISSION);
                            String message = permission == null
                                    ? "Your roles do not grant the permission this operation requires."
                                    : "This operation requires the permission '" + permission + "', which your roles do not grant.";
                            if (SecurityContextHolder.getContext().getAuthentication() instanceof CallerAuthentication authenticated) {
                                Caller caller = authenticated.caller();
                                events.publish(new AccessRefused(caller.tenantId().value(), caller.userId(),
                                        caller.email(), request.getMethod(), request.getRequestURI(),
                                        permission == null ? null : permission.toString(), "missing_permission"));
                            }
                            error(request, response, 403, "permission_error", message);
                        }));
        signIn.configure(http);
        http.authorizeHttpRequests(auth -> {
            for (AuthorizationMatrix.Operation operation : AuthorizationMatrix.operations()) {
                if (operation.isPublic()) {
                    auth.requestMatchers(HttpMethod.valueOf(operation.method()), operation.path()).permitAll();
                } else if (operation.admin()) {
                    auth.requestMatchers(HttpMethod.valueOf(operation.method()), operation.path())
                            .access(permission(operation.permission()));
                }
            }
            // GraphQL: any authenticated caller; each field then requires the permission of the REST operation it is
            auth.requestMatchers("/graphql", "/graphql/**").authenticated();
            auth.requestMatchers("/api/**", "/scim/**").access(permission(dev.aurelis.access.Permission.ADMIN_FULL))
                    .anyRequest().permitAll();
        });
        return http.build();
    }

    /** The GraphQL endpoint and its published schema, which take the admin API's keys and sessions. */
    static boolean isGraphQl(String uri) {
        return uri.equals("/graphql") || uri.startsWith("/graphql/");
    }

    /** Grants access when the caller holds {@code permission} (directly, by implication or by wildcard). */
    private static AuthorizationManager<RequestAuthorizationContext> permission(String permission) {
        return (Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) -> {
            context.getRequest().setAttribute(REQUIRED_PERMISSION, permission);
            Authentication auth = authentication.get();
            return new AuthorizationDecision(auth instanceof CallerAuthentication caller && caller.caller().has(permission));
        };
    }

    private static void error(HttpServletRequest request, HttpServletResponse response, int status, String type,
            String message) throws IOException {
        response.setStatus(status);
        String body;
        if (request.getRequestURI().startsWith("/scim/")) {
            response.setContentType("application/scim+json");
            body = "{\"schemas\":[\"" + SCIM_ERROR + "\"],\"status\":\"" + status + "\",\"detail\":\""
                    + message.replace("\"", "'") + "\"}";
        } else {
            response.setContentType("application/json");
            body = "{\"error\":{\"message\":\"" + message.replace("\"", "'") + "\",\"type\":\"" + type + "\"}}";
        }
        if (status == 401) {
            response.setHeader("www-authenticate", "Bearer");
        }
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    /** An admin API caller authenticated by API key. */
    static final class KeyAuthentication extends AbstractAuthenticationToken implements CallerAuthentication {
        private final Caller caller;

        KeyAuthentication(Caller caller) {
            super(caller.permissions().stream().map(SimpleGrantedAuthority::new).toList());
            this.caller = caller;
            setAuthenticated(true);
        }

        @Override
        public Caller caller() {
            return caller;
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public Object getPrincipal() {
            return caller;
        }

        @Override
        public String getName() {
            return caller.email();
        }
    }

    /**
     * Authenticates {@code /api/**} and {@code /scim/**} requests that carry a bearer key (a wrong key is
     * refused at once) and acts for the caller's tenant while the request is handled.
     */
    static final class BearerKeyFilter extends OncePerRequestFilter {
        private final ApiKeys keys;

        BearerKeyFilter(ApiKeys keys) {
            this.keys = keys;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            String uri = request.getRequestURI();
            return !uri.startsWith("/api/") && !uri.startsWith("/scim/") && !isGraphQl(uri);
        }

        /** GraphQL answers on an async dispatch, which must act for the same caller: the key is checked again. */
        @Override
        protected boolean shouldNotFilterAsyncDispatch() {
            return false;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                KeyCheck check = keys.authenticate(header.substring(7).strip());
                if (!check.accepted()) {
                    error(request, response, 401, "authentication_error", check.refusal());
                    return;
                }
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new KeyAuthentication(check.caller()));
                SecurityContextHolder.setContext(context);
                try (TenantContext.Bound ignored = TenantContext.open(check.caller().tenantId())) {
                    chain.doFilter(request, response);
                }
                return;
            }
            chain.doFilter(request, response);
        }
    }


}
