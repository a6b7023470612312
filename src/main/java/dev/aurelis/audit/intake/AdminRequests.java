package dev.aurelis.audit.intake;

import dev.aurelis.audit.AuditSettings;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.storage.DurableEvents;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Set;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Records every call of the admin and SCIM APIs that changes or tries to change something (with
 * {@code audit.comprehensive_logging}, every call, reads included), whatever endpoint it reached and however it ended,
 * with the caller, the status, the source address and the user agent. Calls refused
 * before they reach an endpoint are recorded from their {@code AccessRefused} event instead. The gateway's exchanges
 * do not pass here (they are served before MVC, ADR 0027).
 */
@Configuration
class AdminRequests implements WebMvcConfigurer, HandlerInterceptor {

    private static final Set<String> CHANGING = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final int MAX_AGENT = 300;

    private final DurableEvents events;
    private final AuditSettings settings;

    AdminRequests(DurableEvents events, AuditSettings settings) {
        this.events = events;
        this.settings = settings;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**", "/scim/**");
    }

    @Override
    public void afterCompletion(HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (!CHANGING.contains(request.getMethod()) && !settings.recordsReads()) {
            return;
        }
        AdminCallers.currentIfAny().ifPresent(caller -> {
            String agent = request.getHeader("User-Agent");
            events.publish(new AdminRequestRecorded(caller.tenantId().value(), caller.email(), request.getMethod(),
                    request.getRequestURI(), ex != null && response.getStatus() < 400 ? 500 : response.getStatus(),
                    request.getRemoteAddr(), agent == null ? null
                            : agent.length() > MAX_AGENT ? agent.substring(0, MAX_AGENT) : agent));
        });
    }
}
