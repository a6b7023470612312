package dev.aurelis.identity.signin;

import jakarta.servlet.http.HttpServletRequest;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.stereotype.Component;
import org.thymeleaf.ITemplateEngine;
import org.thymeleaf.context.Context;

/**
 * The sign-in pages (sign-in, second factor, device approval), rendered from the Thymeleaf templates under
 * {@code templates/signin/} that the console shares its stylesheet with. The request's CSRF token is handed to every
 * page as {@code csrf}, so each form carries it. Templates escape every value.
 */
@Component
class Pages {

    private final ITemplateEngine templates;

    Pages(ITemplateEngine templates) {
        this.templates = templates;
    }

    /** An HTML answer of template {@code signin/<name>} with {@code model}. */
    ResponseEntity<String> page(String name, HttpServletRequest request, Map<String, ?> model) {
        return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).body(render(name, request, model));
    }

    String render(String name, HttpServletRequest request, Map<String, ?> model) {
        Map<String, Object> variables = new HashMap<>(model);
        variables.put("csrf", request.getAttribute(CsrfToken.class.getName()));
        return templates.process("signin/" + name, new Context(java.util.Locale.ENGLISH, variables));
    }
}
