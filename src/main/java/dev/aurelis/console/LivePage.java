package dev.aurelis.console;

import dev.aurelis.access.Permission;
import dev.aurelis.analytics.UsageMetrics;
import dev.aurelis.analytics.UsageMetricsReports;
import dev.aurelis.api.ReportReach;
import dev.aurelis.identity.Caller;
import dev.aurelis.spend.LedgerFilter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;

/**
 * The live performance view: this replica's CPU and memory, and over the last five minutes of the ledger the request
 * rate, response times, errors and active people (within the caller's reach). htmx refreshes the figures every five
 * seconds without reloading the page.
 */
@Controller
class LivePage {

    static final Duration WINDOW = Duration.ofMinutes(5);

    private final UsageMetricsReports metrics;
    private final ReportReach reach;
    private final MeterRegistry registry;
    private final Clock clock;

    LivePage(UsageMetricsReports metrics, ReportReach reach, MeterRegistry registry, Optional<Clock> clock) {
        this.metrics = metrics;
        this.reach = reach;
        this.registry = registry;
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /** This replica's process: CPU share of the machine (0 to 1, null when unknown) and heap in MiB. */
    record Process(Double cpu, long heapUsedMib, long heapMaxMib, int threads) {
    }

    @GetMapping("/console/live")
    String live(@RequestHeader(name = "HX-Request", required = false) String htmx, Model model) {
        Caller caller = ConsoleModel.require("/console/live");
        Instant now = clock.instant();
        UsageMetrics recent = metrics.metrics(caller.tenantId().value(), now.minus(WINDOW), null,
                new LedgerFilter(null, null, null, null, null, null, null, reach.of(caller, Permission.USAGE_READ)));
        model.addAttribute("recent", recent);
        model.addAttribute("perMinute", String.format(java.util.Locale.ROOT, "%.1f", recent.requests() / (double) WINDOW.toMinutes()));
        model.addAttribute("process", process());
        model.addAttribute("at", now.toString().substring(11, 19) + " UTC");
        return "true".equals(htmx) ? "console/live :: figures" : "console/live";
    }

    private Process process() {
        Gauge cpu = registry.find("process.cpu.usage").gauge();
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return new Process(cpu == null || Double.isNaN(cpu.value()) ? null : cpu.value(), heap.getUsed() >> 20,
                heap.getMax() < 0 ? -1 : heap.getMax() >> 20, ManagementFactory.getThreadMXBean().getThreadCount());
    }
}
