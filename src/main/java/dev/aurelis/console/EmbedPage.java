package dev.aurelis.console;

import dev.aurelis.analytics.ChartEmbeds;
import dev.aurelis.analytics.UsageMetrics;
import dev.aurelis.analytics.UsageMetricsReports;
import dev.aurelis.tenancy.TenantContext;
import dev.aurelis.tenancy.TenantId;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * {@code /embed/analytics/{token}}: one console chart for whoever holds a link made with {@code POST
 * /api/v1/analytics/embeds}, without signing in. Read-only (GET only), computed when opened over the last days the
 * link names, within the reach of the person who made it; an expired link answers 410, a forged or unknown one or
 * one opened while embedding is off answers 404.
 */
@Controller
class EmbedPage {

    private final ChartEmbeds embeds;
    private final UsageMetricsReports metrics;
    private final Charts charts;
    private final Clock clock;

    EmbedPage(ChartEmbeds embeds, UsageMetricsReports metrics, Charts charts, Optional<Clock> clock) {
        this.embeds = embeds;
        this.metrics = metrics;
        this.charts = charts;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    @GetMapping("/embed/analytics/{token}")
    String chart(@PathVariable String token, Model model, HttpServletResponse response) {
        ChartEmbeds.Grant grant = embeds.open(token);
        TenantId tenant = TenantId.of(grant.tenant());
        UsageMetrics m = TenantContext.call(tenant, () -> {
            ZoneId zone = metrics.zoneOf(grant.tenant());
            LocalDate today = clock.instant().atZone(zone).toLocalDate();
            return metrics.metrics(grant.tenant(), today.minusDays(grant.days() - 1L).atStartOfDay(zone).toInstant(),
                    null, grant.filter());
        });
        Charts.Daily chart = charts.daily(grant.chart(), m);
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("title", chart.description() + (grant.team() == null ? "" : " · " + grant.team()));
        model.addAttribute("chart", chart.json());
        model.addAttribute("description", chart.description());
        model.addAttribute("period", "The last " + grant.days() + " days (" + m.timeZone() + ")");
        model.addAttribute("expiresAt", grant.expiresAt().toString());
        return "embed/chart";
    }

    @ExceptionHandler(ChartEmbeds.Refused.class)
    String refused(ChartEmbeds.Refused e, Model model, HttpServletResponse response) {
        response.setStatus(e.expired() ? 410 : 404);
        return problem(e.getMessage(), model, response);
    }

    @ExceptionHandler(NoSuchElementException.class)
    String off(NoSuchElementException e, Model model, HttpServletResponse response) {
        response.setStatus(404);
        return problem(e.getMessage(), model, response);
    }

    private static String problem(String message, Model model, HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        model.addAttribute("title", "Chart not available");
        model.addAttribute("message", message);
        return "embed/problem";
    }
}
