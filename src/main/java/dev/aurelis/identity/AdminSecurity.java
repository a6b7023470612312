package dev.aurelis.identity;

import dev.aurelis.access.Permission;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
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
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Security of the HTTP surface. The gateway ({@code /v1/**}) authenticates its callers itself, from memory,
 * and answers in the caller's wire format; the admin API ({@code /api/**}) takes an API key as a bearer token
 * and requires a named permission per area.
 */
@Configuration(proxyBeanMethods = false)
class AdminSecurity {

    @Bean
    SecurityFilterChain securityFilterChain(HttpSecurity http, ApiKeys keys) throws Exception {
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .addFilterBefore(new BearerKeyFilter(keys), AnonymousAuthenticationFilter.class)
                .exceptionHandling(e -> e
                        .authenticationEntryPoint((request, response, ex) -> error(response, 401, "authentication_error",
                                "Send an admin API key as 'Authorization: Bearer <key>'."))
                        .accessDeniedHandler((request, response, ex) -> error(response, 403, "permission_error",
                                "Your roles do not grant the permission this operation requires.")))
                .authorizeHttpRequests(auth -> auth
                        .requestMatchers("/api/v1/keys/**", "/api/v1/keys").access(permission(Permission.USERS_MANAGE, Permission.KEYS_MANAGE))
                        .requestMatchers("/api/v1/usage/**", "/api/v1/usage").access(permission(Permission.USAGE_READ, "usage:view"))
                        .requestMatchers("/api/v1/providers/**", "/api/v1/providers").access(permission(Permission.CONFIG_READ))
                        .requestMatchers("/api/**").access(permission(Permission.ADMIN_FULL))
                        .anyRequest().permitAll());
        return http.build();
    }

    /** Grants access when the caller holds any of {@code permissions} (with admin:full and area wildcards). */
    private static AuthorizationManager<RequestAuthorizationContext> permission(String... permissions) {
        return (Supplier<? extends Authentication> authentication, RequestAuthorizationContext context) -> {
            Authentication auth = authentication.get();
            if (!(auth instanceof KeyAuthentication key)) {
                return new AuthorizationDecision(false);
            }
            for (String permission : permissions) {
                if (key.caller().has(permission)) {
                    return new AuthorizationDecision(true);
                }
            }
            return new AuthorizationDecision(false);
        };
    }

    private static void error(HttpServletResponse response, int status, String type, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        String body = "{\"error\":{\"message\":\"" + message.replace("\"", "'") + "\",\"type\":\"" + type + "\"}}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }

    /** An admin API caller authenticated by API key. */
    static final class KeyAuthentication extends AbstractAuthenticationToken {
        private final Caller caller;

        KeyAuthentication(Caller caller) {
            super(caller.permissions().stream().map(SimpleGrantedAuthority::new).toList());
            this.caller = caller;
            setAuthenticated(true);
        }

        Caller caller() {
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

    /** Authenticates {@code /api/**} requests that carry a bearer key; a wrong key is refused at once. */
    static final class BearerKeyFilter extends OncePerRequestFilter {
        private final ApiKeys keys;

        BearerKeyFilter(ApiKeys keys) {
            this.keys = keys;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return !request.getRequestURI().startsWith("/api/");
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("authorization");
            if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                KeyCheck check = keys.authenticate(header.substring(7).strip());
                if (!check.accepted()) {
                    error(response, 401, "authentication_error", check.refusal());
                    return;
                }
                var context = SecurityContextHolder.createEmptyContext();
                context.setAuthentication(new KeyAuthentication(check.caller()));
                SecurityContextHolder.setContext(context);
            }
            chain.doFilter(request, response);
        }
    }


}
