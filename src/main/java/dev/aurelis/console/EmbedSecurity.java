package dev.aurelis.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Chart links ({@code /embed/**}) are opened by whoever holds one, inside another site's page: no session, no
 * sign-in, GET only, and (unlike the console) framing allowed. The signed token in the path is the only credential;
 * the page asks the browser not to send it on as a referrer.
 */
@Configuration(proxyBeanMethods = false)
class EmbedSecurity {

    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
            + "form-action 'none'; frame-ancestors *";

    @Bean
    @Order(0)
    SecurityFilterChain embedFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher("/embed/**")
                .csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .headers(headers -> headers
                        .frameOptions(frame -> frame.disable())
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER)))
                .authorizeHttpRequests(auth -> auth.requestMatchers(HttpMethod.GET, "/embed/**").permitAll()
                        .anyRequest().denyAll());
        return http.build();
    }
}
