package dev.aurelis.analytics;

import dev.aurelis.analytics.rollup.FoldedRecords;
import dev.aurelis.spend.BudgetThresholdCrossed;
import dev.aurelis.spend.UsageRecord;
import dev.aurelis.tenancy.TenantId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The organisation's own metrics ({@code analytics.custom_metrics}), computed from the events Aurelis publishes and
 * kept as Micrometer meters: {@code aurelis_custom_<name>} on {@code /metrics}, tagged with the tenant and the
 * metric's dimensions, and the same figures in the analytics API. Exchanges are observed as the rollup job folds
 * them (once in the cluster, after the fold commits); feedback when it is given; budget events and workflow runs
 * when they are committed. Figures count from the start of the process that observed them, like every meter.
 */
@Component
public class CustomMetrics implements FoldedRecords {

    /** Distinct dimension combinations a metric keeps per tenant; later ones are counted under {@code other}. */
    static final int MAX_SERIES = 1_000;

    private final AnalyticsSettings settings;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Instant since;
    /** metric name + tenant to the series it has, keyed by their dimension values */
    private final Map<String, Map<List<String>, Series>> series = new ConcurrentHashMap<>();

    CustomMetrics(AnalyticsSettings settings, MeterRegistry registry, Optional<Clock> clock) {
        this.settings = settings;
        this.registry = registry;
        this.clock = clock.orElse(Clock.systemUTC());
        this.since = this.clock.instant();
    }

    /** One combination of dimension values of a metric and its meter. */
    private record Series(Map<String, String> dimensions, Counter counter, DistributionSummary summary,
            AtomicReference<Double> last) {
    }

    /** A metric's current figures for one tenant, as the API shows them. */
    public record Snapshot(String name, String type, String source, Map<String, String> filter, List<String> dimensions,
            String value, String description, List<Point> series) {
    }

    /**
     * One series: counters have {@code count}; histograms {@code count}, {@code sum}, {@code mean} and {@code max}
     * of the observed values; gauges the last {@code value}.
     */
    public record Point(Map<String, String> dimensions, Long count, Double sum, Double mean, Double max, Double value) {
    }

    /** When the figures began: the start of this process. */
    public Instant since() {
        return since;
    }

    /**
     * The configured metrics with what they have observed for {@code tenant}; with {@code teams} (a caller who reaches
     * only those), only the metrics broken down by team, with those teams' series.
     */
    public List<Snapshot> snapshot(String tenant, java.util.Set<String> teams) {
        List<Snapshot> out = new ArrayList<>();
        for (CustomMetric m : settings.policy().customMetrics()) {
            if (teams != null && !m.dimensions().contains("team")) {
                continue;
            }
            List<Point> points = new ArrayList<>();
            series.getOrDefault(key(m, tenant), Map.of()).values().stream()
                    .filter(s -> teams == null || teams.contains(s.dimensions().get("team")))
                    .forEach(s -> points.add(switch (m.type()) {
                case "counter" -> new Point(s.dimensions(), (long) s.counter().count(), null, null, null, null);
                case "histogram" -> new Point(s.dimensions(), s.summary().count(), s.summary().totalAmount(),
                        s.summary().count() == 0 ? 0 : s.summary().mean(), s.summary().max(), null);
                default -> new Point(s.dimensions(), null, null, null, null, s.last().get());
            }));
            points.sort((a, b) -> a.dimensions().toString().compareTo(b.dimensions().toString()));
            out.add(new Snapshot(m.name(), m.type(), m.source(), m.filter(), m.dimensions(), m.value(),
                    m.description(), points));
        }
        return out;
    }

    /** Observes one event of {@code stream}: every metric on that stream whose filter it passes counts it. */
    public void observe(String stream, String tenant, Map<String, Object> event) {
        AnalyticsSettings.Policy policy = settings.policy();
        if (!policy.enabled()) {
            return;
        }
        for (CustomMetric m : policy.customMetrics()) {
            if (m.source().equals(stream) && passes(m, event)) {
                record(m, tenant, event);
            }
        }
    }

    private static boolean passes(CustomMetric m, Map<String, Object> event) {
        for (Map.Entry<String, String> f : m.filter().entrySet()) {
            String actual = text(event.get(f.getKey()));
            if (actual == null || !actual.equalsIgnoreCase(f.getValue().strip())) {
                return false;
            }
        }
        return true;
    }

    private void record(CustomMetric m, String tenant, Map<String, Object> event) {
        Double value = null;
        if (!m.type().equals("counter")) {
            Object raw = event.get(m.value());
            if (!(raw instanceof Number number)) {
                return; // this event has no such measure (a stream answered before its first token, say)
            }
            value = number.doubleValue();
        }
        Map<List<String>, Series> ofMetric = series.computeIfAbsent(key(m, tenant), k -> new ConcurrentHashMap<>());
        List<String> values = new ArrayList<>();
        for (String d : m.dimensions()) {
            String v = text(event.get(d));
            values.add(v == null || v.isBlank() ? "none" : v);
        }
        if (!ofMetric.containsKey(values) && ofMetric.size() >= MAX_SERIES) {
            values.replaceAll(v -> "other");
        }
        Series s = ofMetric.computeIfAbsent(values, v -> register(m, tenant, v));
        switch (m.type()) {
            case "counter" -> s.counter().increment();
            case "histogram" -> s.summary().record(value);
            default -> s.last().set(value);
        }
    }

    private Series register(CustomMetric m, String tenant, List<String> values) {
        Map<String, String> dimensions = new LinkedHashMap<>();
        List<Tag> tags = new ArrayList<>(List.of(Tag.of("tenant", tenant)));
        for (int i = 0; i < values.size(); i++) {
            dimensions.put(m.dimensions().get(i), values.get(i));
            tags.add(Tag.of(m.dimensions().get(i), values.get(i)));
        }
        String name = "aurelis.custom." + m.name();
        String description = m.description() == null ? "Custom metric from " + m.source() : m.description();
        return switch (m.type()) {
            case "counter" -> new Series(dimensions, Counter.builder(name).description(description).tags(Tags.of(tags))
                    .register(registry), null, null);
            case "histogram" -> new Series(dimensions, null, DistributionSummary.builder(name).description(description)
                    .tags(Tags.of(tags)).publishPercentileHistogram().register(registry), null);
            default -> {
                AtomicReference<Double> last = new AtomicReference<>(0.0);
                Gauge.builder(name, last, AtomicReference::get).description(description).tags(Tags.of(tags))
                        .register(registry);
                yield new Series(dimensions, null, null, last);
            }
        };
    }

    private static String key(CustomMetric m, String tenant) {
        return m.name() + "\u0000" + m.type() + "\u0000" + tenant;
    }

    private static String text(Object value) {
        return value == null ? null : value instanceof BigDecimal d ? d.stripTrailingZeros().toPlainString()
                : value.toString();
    }

    /** Exchanges, as the rollup job has folded them (called once their fold committed). */
    @Override
    public void folded(TenantId tenant, List<UsageRecord> records) {
        if (settings.policy().customMetrics().stream().noneMatch(m -> m.source().equals("exchanges"))) {
            return;
        }
        records.forEach(r -> observe("exchanges", tenant.value(), exchange(r)));
    }

    static Map<String, Object> exchange(UsageRecord r) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("event_type", r.retried() ? "attempt_retried" : r.status() >= 400 ? "exchange_failed" : "exchange_completed");
        e.put("user", r.userEmail() == null ? null : r.userEmail().toLowerCase(Locale.ROOT));
        e.put("team", r.team());
        e.put("department", r.department());
        e.put("cost_center", r.costCenter());
        e.put("project", r.project());
        e.put("model", r.modelServed());
        e.put("model_requested", r.modelRequested());
        e.put("provider", r.provider());
        e.put("endpoint", r.endpoint());
        e.put("client_tool", r.clientTool());
        e.put("task", r.task());
        e.put("status", Integer.toString(r.status()));
        e.put("error_type", r.errorType());
        e.put("streamed", r.streamed());
        e.put("priced", r.priced());
        e.put("retried", r.retried());
        e.put("latency_ms", r.latencyMs());
        e.put("first_token_ms", r.firstTokenMs());
        e.put("input_tokens", r.usage().inputTokens());
        e.put("cached_tokens", r.usage().cachedInputTokens());
        e.put("output_tokens", r.usage().outputTokens());
        e.put("reasoning_tokens", r.usage().reasoningTokens());
        e.put("total_tokens", r.usage().totalTokens());
        e.put("cost", r.cost());
        e.put("attempt", r.attempt());
        return e;
    }

    /** A budget threshold crossed, once committed. */
    @TransactionalEventListener(fallbackExecution = true)
    void on(BudgetThresholdCrossed e) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_type", "threshold_crossed");
        event.put("scope", e.scope());
        event.put("subject", e.subject());
        event.put("period", e.period());
        event.put("threshold", e.threshold());
        event.put("spent", e.spent());
        event.put("amount", e.limit());
        observe("budget_events", e.tenantId(), event);
    }

    /** A workflow run ended (the workflows capability reports it; see {@code a2_events}). */
    public void workflowRunFinished(String tenant, String workflow, String source, String repository, String author,
            String team, String project, String conclusion, int findings, int blockingFindings, Instant startedAt,
            Instant finishedAt) {
        Map<String, Object> event = new LinkedHashMap<>();
        boolean completed = List.of("success", "neutral", "failure").contains(conclusion);
        event.put("event_type", completed ? "code_review_completed" : "code_review_" + conclusion);
        event.put("workflow", workflow);
        event.put("user", author);
        event.put("repository", repository);
        event.put("team", team);
        event.put("project", project);
        event.put("source", source);
        event.put("conclusion", conclusion);
        event.put("duration_ms", startedAt == null || finishedAt == null ? null
                : Duration.between(startedAt, finishedAt).toMillis());
        event.put("findings", findings);
        event.put("blocking_findings", blockingFindings);
        observe("a2_events", tenant, event);
    }

    /** Feedback given on an exchange. */
    void feedback(String tenant, UsageRecord about, String email, Integer rating, Boolean accepted) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("event_type", "feedback_given");
        event.put("user", email == null ? null : email.toLowerCase(Locale.ROOT));
        event.put("team", about.team());
        event.put("model", about.modelServed());
        event.put("client_tool", about.clientTool());
        event.put("accepted", accepted);
        event.put("rating", rating);
        observe("feedback", tenant, event);
    }
}
