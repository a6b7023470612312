package dev.aurelis.console;

import dev.aurelis.identity.AdminCallers;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Every console page needs a person signed in through the sign-in pages (a session; API keys do not reach
 * {@code /console}): anyone else is sent to the sign-in page, and back here afterwards. A session still owing its
 * second factor carries no caller, so it is sent to sign in too, where the second factor is asked for.
 */
@Configuration(proxyBeanMethods = false)
class SignedInOnly implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/console", "/console/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (AdminCallers.currentIfAny().isPresent()) {
            return true;
        }
        String next = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        if ("true".equals(request.getHeader("HX-Request"))) {
            // htmx follows redirects in place; a full page load is what a sign-in needs
            response.setHeader("HX-Redirect", "/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        }
        return false;
    }
}
