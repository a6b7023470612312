package dev.aurelis.console;

import dev.aurelis.access.AccessDenied;
import dev.aurelis.access.Permission;
import dev.aurelis.analytics.AnalyticsSettings;
import dev.aurelis.analytics.PulseSurvey;
import dev.aurelis.identity.AdminCallers;
import dev.aurelis.identity.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * What every console page shows around its content: who is signed in, the pages their roles open, and this week's
 * pulse survey while it waits for their answer. Refusals and bad input become a page with the reason (403 or 400),
 * never a stack trace.
 */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

    private final AnalyticsSettings analytics;
    private final PulseSurvey survey;
    private final Clock clock;

    ConsoleModel(AnalyticsSettings analytics, PulseSurvey survey, Optional<Clock> clock) {
        this.analytics = analytics;
        this.survey = survey;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @ModelAttribute
    void frame(Model model, HttpServletRequest request) {
        AdminCallers.currentIfAny().ifPresent(caller -> {
            boolean surveys = surveyOn(analytics);
            model.addAttribute("me", caller);
            model.addAttribute("nav", visible(caller).stream()
                    .filter(p -> surveys || !p.path().equals(ConsolePage.SURVEY)).toList());
            model.addAttribute("myRoles", String.join(", ", caller.roles().stream().sorted().toList()));
            // the survey asks only those who may use the assistants, and only until they answer this week; htmx's
            // partial refreshes (the live page every few seconds) show no layout, so they do not ask
            model.addAttribute("surveyWaits", surveys && caller.has(Permission.MODELS_USE)
                    && !request.getRequestURI().equals(ConsolePage.SURVEY)
                    && !"true".equals(request.getHeader("HX-Request"))
                    && survey.waitsFor(caller.tenantId().value(), caller.email(), clock.instant()));
        });
        model.addAttribute("here", request.getRequestURI());
        // htmx sends the CSRF token with every request it makes (hx-headers on <body>)
        if (request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken csrf) {
            model.addAttribute("htmxHeaders", "{\"" + csrf.getHeaderName() + "\": \"" + csrf.getToken() + "\"}");
        }
    }

    static boolean surveyOn(AnalyticsSettings analytics) {
        return analytics.policy().enabled() && analytics.policy().groups().survey();
    }

    static List<ConsolePage> visible(Caller caller) {
        return ConsolePage.ALL.stream().filter(p -> allowed(caller, p)).toList();
    }

    /** A page without permissions is open to every person signed in (what waits on them, for instance). */
    static boolean allowed(Caller caller, ConsolePage page) {
        return page.permissions().isEmpty() || page.permissions().stream().anyMatch(caller::has);
    }

    /** Refuses the page unless the caller holds one of its permissions. */
    static Caller require(String path) {
        Caller caller = AdminCallers.current();
        ConsolePage page = ConsolePage.of(path);
        if (!allowed(caller, page)) {
            throw new AccessDenied("This page needs the permission '" + String.join("' or '", page.permissions())
                    + "', which your roles do not grant.");
        }
        return caller;
    }

    @ExceptionHandler(AccessDenied.class)
    String refused(AccessDenied e, Model model, HttpServletRequest request, HttpServletResponse response) {
        frame(model, request);
        response.setStatus(403);
        model.addAttribute("title", "Not allowed");
        model.addAttribute("message", e.getMessage());
        return "console/problem";
    }

    /** A decision the workflows' approval rules refuse: 403 (not an approver, or the author) or 409 (already decided). */
    @ExceptionHandler(dev.aurelis.workflows.WorkflowRuns.DecisionRefused.class)
    String decisionRefused(dev.aurelis.workflows.WorkflowRuns.DecisionRefused e, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        frame(model, request);
        response.setStatus(e.status());
        model.addAttribute("title", e.status() == 403 ? "Not allowed" : "Nothing to decide");
        model.addAttribute("message", e.getMessage());
        return "console/problem";
    }

    /** An approval link that was changed, cut or not made here (404), or that expired (410). */
    @ExceptionHandler(dev.aurelis.workflows.ApprovalLinks.LinkRefused.class)
    String linkRefused(dev.aurelis.workflows.ApprovalLinks.LinkRefused e, Model model, HttpServletRequest request,
            HttpServletResponse response) {
        frame(model, request);
        response.setStatus(e.expired() ? 410 : 404);
        model.addAttribute("title", e.expired() ? "Approval link expired" : "Approval link not valid");
        model.addAttribute("message", e.getMessage());
        return "console/problem";
    }

    /** An approval link whose step is decided, or that this person has used already (410). */
    @ExceptionHandler(ApprovalsPage.LinkUsed.class)
    String linkUsed(ApprovalsPage.LinkUsed e, Model model, HttpServletRequest request, HttpServletResponse response) {
        frame(model, request);
        response.setStatus(410);
        model.addAttribute("title", "Approval link already used");
        model.addAttribute("message", e.getMessage());
        return "console/problem";
    }

    @ExceptionHandler(java.util.NoSuchElementException.class)
    String missing(RuntimeException e, Model model, HttpServletRequest request, HttpServletResponse response) {
        frame(model, request);
        response.setStatus(404);
        model.addAttribute("title", "Not found");
        model.addAttribute("message", e.getMessage());
        return "console/problem";
    }

    @ExceptionHandler({IllegalArgumentException.class, java.time.format.DateTimeParseException.class})
    String badInput(RuntimeException e, Model model, HttpServletRequest request, HttpServletResponse response) {
        frame(model, request);
        response.setStatus(400);
        model.addAttribute("title", "Cannot show this");
        model.addAttribute("message", e.getMessage());
        return "console/problem";
    }
}
