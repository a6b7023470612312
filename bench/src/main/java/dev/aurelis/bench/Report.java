package dev.aurelis.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns {@code raw/runs.jsonl} into Markdown: merges each (phase, arm)'s rounds (histograms added, so percentiles are
 * of all requests), subtracts the direct arm to get the latency a proxy adds, and checks the figures against the
 * targets of ARCHITECTURE.md section 6.
 */
final class Report {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final List<String> ORDER = List.of("warmup", "serial", "rate-500", "rate-1000", "rate-2000", "max",
            "overload", "stream-openai", "stream-anthropic", "rss", "soak");

    private final Map<String, String> skipped = new LinkedHashMap<>();
    private final List<String> arms = new ArrayList<>();
    /** phase → arm → the runs' records. */
    private final Map<String, Map<String, List<JsonNode>>> runs = new LinkedHashMap<>();
    private final Map<String, Map<String, RunStats>> merged = new LinkedHashMap<>();
    private final String direct;
    private final String nginx;
    private final String pass;
    private final String governed;
    private final String governedFeatures;
    private final boolean scanning;
    private final double intervalMs;
    private final StringBuilder md = new StringBuilder();

    private Report(Args a) throws IOException {
        Path raw = Path.of(a.require("dir")).resolve("raw");
        for (String line : Files.readAllLines(raw.resolve("arms.jsonl"))) {
            JsonNode n = JSON.readTree(line);
            arms.add(n.path("arm").asString());
            if (n.has("skipped")) {
                skipped.put(n.path("arm").asString(), n.path("skipped").asString());
            }
        }
        List<JsonNode> records = new ArrayList<>();
        if (Files.exists(raw.resolve("runs.jsonl"))) {
            for (String line : Files.readAllLines(raw.resolve("runs.jsonl"))) {
                if (!line.isBlank()) {
                    records.add(JSON.readTree(line));
                }
            }
        }
        records.sort((x, y) -> Integer.compare(phaseRank(x.path("phase").asString()),
                phaseRank(y.path("phase").asString())));
        for (JsonNode r : records) {
            String phase = r.path("phase").asString();
            String arm = r.path("arm").asString();
            runs.computeIfAbsent(phase, k -> new LinkedHashMap<>()).computeIfAbsent(arm, k -> new ArrayList<>())
                    .add(r);
            merged.computeIfAbsent(phase, k -> new LinkedHashMap<>()).computeIfAbsent(arm, k -> new RunStats())
                    .add(RunStats.fromJson(r.path("stats")));
        }
        direct = a.get("direct", "direct");
        nginx = a.get("nginx", "nginx");
        pass = a.get("passthrough", "aurelis");
        governed = a.get("governed", "aurelis-gov");
        governedFeatures = a.get("governed-features", "");
        scanning = a.flag("scanning");
        intervalMs = a.decimal("chunk-interval-ms", 5);
    }

    private static int phaseRank(String phase) {
        int i = ORDER.indexOf(phase);
        return i < 0 ? ORDER.size() : i;
    }

    static void main(Args a) throws IOException {
        Report r = new Report(a);
        String text = r.render();
        String out = a.get("out", null);
        if (out == null) {
            System.out.print(text);
        } else {
            Files.writeString(Path.of(out), text, StandardCharsets.UTF_8);
        }
    }

    private String render() {
        if (!skipped.isEmpty()) {
            md.append("Arms not run:\n\n");
            skipped.forEach((arm, why) -> md.append("- **").append(arm).append("**: ").append(why).append('\n'));
            md.append('\n');
        }
        latencyTable();
        throughputTable();
        overloadTable();
        warmupTable();
        streamTable();
        memoryTable();
        targetTable();
        return md.toString();
    }

    // ---------- tables ----------

    private void latencyTable() {
        List<String> phases = phases(p -> p.equals("serial") || p.startsWith("rate-"));
        if (phases.isEmpty()) {
            return;
        }
        md.append("### Non-streaming latency (OpenAI chat, ").append(bodyKb(phases.getFirst()))
                .append(" body), timed from each request's intended start\n\n");
        md.append("| load | arm | ok | errors | achieved req/s | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms "
                + "| added p50 ms | added p99 ms |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (String phase : phases) {
            for (var e : merged.get(phase).entrySet()) {
                RunStats s = e.getValue();
                Histogram h = s.latency;
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %.0f | %s | %s | %s | %s | %s | %s | %s |%n",
                        phaseName(phase), e.getKey(), s.ok, errors(s), s.throughput(), ms(h, 50), ms(h, 90), ms(h, 99),
                        ms(h, 99.9), msMax(h), added(phase, e.getKey(), st -> st.latency, 50),
                        added(phase, e.getKey(), st -> st.latency, 99)));
            }
        }
        md.append("\n\"added\" = the arm's percentile minus the direct arm's (loadgen → mock with no proxy) in the "
                + "same phase; rounds are merged before taking percentiles. \"warm-up\" errors: requests of the phase's "
                + "first, unmeasured second(s), sent at the same rate as the rest.\n\n");
    }

    private void throughputTable() {
        Map<String, RunStats> m = merged.get("max");
        if (m == null) {
            return;
        }
        int conc = runs.get("max").values().iterator().next().getFirst().path("concurrency").asInt();
        md.append("### Maximum throughput (closed loop, ").append(conc)
                .append(" requests in flight, non-streaming)\n\n");
        md.append("| arm | req/s (all rounds) | per round | × nginx | p50 ms | p99 ms | errors |\n");
        md.append("|---|--:|---|--:|--:|--:|--:|\n");
        double ng = m.containsKey(nginx) ? m.get(nginx).throughput() : 0;
        for (var e : m.entrySet()) {
            RunStats s = e.getValue();
            List<String> per = new ArrayList<>();
            for (JsonNode r : runs.get("max").get(e.getKey())) {
                per.add(String.format(Locale.ROOT, "%.0f", r.path("stats").path("throughput_rps").asDouble()));
            }
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %s | %s | %s | %s | %s |%n", e.getKey(),
                    s.throughput(), String.join(", ", per), ng > 0 ? String.format(Locale.ROOT, "%.2f",
                            s.throughput() / ng) : "–", ms(s.latency, 50), ms(s.latency, 99), errors(s)));
        }
        md.append("\nThe load generator and the mock share one core; when the direct arm is not far above nginx, "
                + "that core, not the proxy, is the limit, and the nginx figure is a floor.\n\n");
    }

    /** The burst at twice each arm's throughput, then 500 req/s second by second. */
    private void overloadTable() {
        Map<String, RunStats> burst = merged.get("overload");
        if (burst == null) {
            return;
        }
        md.append("### Overload: twice the arm's max throughput for 10 s, then 500 req/s\n\n");
        md.append("| arm | burst req/s | served | served p50 ms | served p99 ms | refused (503/529) | refusal p99 ms "
                + "| other errors | p99 ms in seconds 1–10 after the burst | back to its 500 req/s p99 after |\n");
        md.append("|---|--:|--:|--:|--:|--:|--:|--:|---|--:|\n");
        for (var e : burst.entrySet()) {
            String arm = e.getKey();
            RunStats s = e.getValue();
            long refused = s.errors.getOrDefault("http-503", 0L) + s.errors.getOrDefault("http-529", 0L);
            double rate = runs.get("overload").get(arm).getFirst().path("rate").asDouble();
            List<String> after = new ArrayList<>();
            Double baseline = p99(merged.get("rate-500"), arm);
            String recovered = "not within 10 s";
            for (int second = 1; second <= 10; second++) {
                Double p99 = p99(merged.get("overload-after-" + second), arm);
                RunStats a = merged.getOrDefault("overload-after-" + second, Map.of()).get(arm);
                after.add(p99 == null ? "–" : String.format(Locale.ROOT, "%.1f%s", p99,
                        a != null && a.errorCount() > 0 ? " (" + a.errorCount() + " err)" : ""));
                if (recovered.startsWith("not") && p99 != null && baseline != null && p99 <= Math.max(2 * baseline, 2)
                        && a != null && a.errorCount() == 0) {
                    recovered = second == 1 ? "≤ 1 s" : "≤ " + second + " s";
                }
            }
            md.append(String.format(Locale.ROOT, "| %s | %.0f | %d | %s | %s | %d | %s | %d | %s | %s |%n", arm, rate,
                    s.ok, ms(s.latency, 50), ms(s.latency, 99), refused, ms(s.refused, 99), s.errorCount() - refused,
                    String.join(", ", after), recovered));
        }
        md.append("\n\"back\" = the first second after the burst without errors whose p99 is at most twice (or 2 ms "
                + "above nothing) the arm's p99 at 500 req/s before it.\n\n");
    }

    private static Double p99(Map<String, RunStats> phase, String arm) {
        RunStats s = phase == null ? null : phase.get(arm);
        return s == null || s.latency.getTotalCount() == 0 ? null : s.latency.getValueAtPercentile(99) / 1000.0;
    }

    /** How each arm's throughput grew over its warm-up windows until it was stable. */
    private void warmupTable() {
        Map<String, List<JsonNode>> warm = runs.get("warmup");
        if (warm == null) {
            return;
        }
        md.append("### Warm-up: max throughput per window until stable (3 windows within 5 %)\n\n");
        md.append("| arm | windows | req/s per window |\n|---|--:|---|\n");
        warm.forEach((arm, list) -> md.append(String.format(Locale.ROOT, "| %s | %d | %s |%n", arm, list.size(),
                String.join(", ", list.stream().map(r -> String.format(Locale.ROOT, "%.0f",
                        r.path("stats").path("throughput_rps").asDouble())).toList()))));
        md.append('\n');
    }

    private void streamTable() {
        List<String> phases = phases(p -> p.startsWith("stream-"));
        if (phases.isEmpty()) {
            return;
        }
        md.append("### Streaming: time to first content delta and gaps between deltas\n\n");
        md.append("| stream | arm | streams ok | errors | TTFT p50 ms | TTFT p99 ms | added TTFT p50 | added TTFT p99 "
                + "| gap p50 ms | gap p99 ms | gap p99.9 ms | added gap p99 | bunched | deltas/stream |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (String phase : phases) {
            for (var e : merged.get(phase).entrySet()) {
                RunStats s = e.getValue();
                String arm = e.getKey();
                md.append(String.format(Locale.ROOT,
                        "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
                        phaseName(phase), arm, s.ok, errors(s), ms(s.ttft, 50), ms(s.ttft, 99),
                        added(phase, arm, st -> st.ttft, 50), added(phase, arm, st -> st.ttft, 99), ms(s.gap, 50),
                        ms(s.gap, 99), ms(s.gap, 99.9), added(phase, arm, st -> st.gap, 99), bunched(s),
                        s.deltas.getTotalCount() == 0 ? "–" : s.deltas.getMinValue() == s.deltas.getMaxValue()
                                ? Long.toString(s.deltas.getMinValue())
                                : s.deltas.getMinValue() + "–" + s.deltas.getMaxValue()));
            }
        }
        md.append(String.format(Locale.ROOT, "%n\"bunched\" = share of gaps under half the mock's interval "
                + "(%.1f ms): deltas that arrived together, the mark of a proxy that buffers.%n%n", intervalMs));
    }

    private String bunched(RunStats s) {
        long total = s.gap.getTotalCount();
        if (total == 0) {
            return "–";
        }
        long under = s.gap.getCountBetweenValues(0, (long) (intervalMs * 500));
        return String.format(Locale.ROOT, "%.1f %%", 100.0 * under / total);
    }

    private void memoryTable() {
        List<String> phases = phases(p -> p.equals("rss") || p.equals("soak"));
        if (phases.isEmpty()) {
            return;
        }
        md.append("### Resident memory of the proxy process(es) while holding streams open\n\n");
        md.append("| phase | arm | streams held | streams completed | errors | RSS before MB | RSS at N MB | per stream KB "
                + "| RSS after MB | first → last minute MB |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (String phase : phases) {
            for (var e : runs.get(phase).entrySet()) {
                JsonNode r = e.getValue().getLast();
                Mem m = mem(r);
                RunStats s = merged.get(phase).get(e.getKey());
                md.append(String.format(Locale.ROOT, "| %s | %s | %d | %d | %s | %.1f | %.1f | %.1f | %.1f | %s |%n",
                        phase.equals("soak") ? String.format(Locale.ROOT, "soak %.1f min", r.path("hold_s")
                                .asDouble() / 60) : "hold", e.getKey(), m.streams, s.ok, errors(s), m.base / 1024.0,
                        m.full / 1024.0, m.perStreamKb(), r.path("rss_after_kb").asLong() / 1024.0,
                        phase.equals("soak") ? String.format(Locale.ROOT, "%.1f → %.1f", m.firstMinute / 1024.0,
                                m.lastMinute / 1024.0) : "–"));
            }
        }
        md.append("\n\"RSS at N\" = the highest sample (every 0.5 s; soak every 5 s) while all N streams were open; "
                + "\"per stream\" = (RSS at N − RSS before) / N.\n\n");
    }

    private record Mem(int streams, long base, long full, long firstMinute, long lastMinute) {
        double perStreamKb() {
            return streams == 0 ? 0 : (full - base) / (double) streams;
        }
    }

    private static Mem mem(JsonNode r) {
        int n = r.path("concurrency").asInt();
        long full = 0;
        double firstFull = -1;
        double lastT = 0;
        for (JsonNode x : r.path("samples")) {
            if (x.get(2).asInt() >= n * 0.98) {
                full = Math.max(full, x.get(1).asLong());
                if (firstFull < 0) {
                    firstFull = x.get(0).asDouble();
                }
                lastT = x.get(0).asDouble();
            }
        }
        long firstMinute = 0;
        long lastMinute = 0;
        for (JsonNode x : r.path("samples")) {
            double t = x.get(0).asDouble();
            if (x.get(2).asInt() >= n * 0.98) {
                if (t <= firstFull + 60) {
                    firstMinute = Math.max(firstMinute, x.get(1).asLong());
                }
                if (t >= lastT - 60) {
                    lastMinute = Math.max(lastMinute, x.get(1).asLong());
                }
            }
        }
        return new Mem(n, r.path("rss_base_kb").asLong(), full, firstMinute, lastMinute);
    }

    private void targetTable() {
        md.append("### Against the targets (ARCHITECTURE.md section 6)\n\n");
        md.append("| figure | target | nginx | ").append(pass).append(" | ").append(governed).append(" |\n");
        md.append("|---|---|--:|--:|--:|\n");
        // 1 request at a time
        Double ng50 = addedValue("serial", nginx, st -> st.latency, 50);
        Double ng99 = addedValue("serial", nginx, st -> st.latency, 99);
        row("added latency, 1 at a time, p50", ng50 == null ? "≤ 2 × nginx's" : String.format(Locale.ROOT,
                "≤ 2 × nginx's = %.3f ms", 2 * ng50), fmt(ng50), arm -> check(addedValue("serial", arm,
                st -> st.latency, 50), ng50 == null ? null : 2 * ng50, true), true);
        row("added latency, 1 at a time, p99", ng99 == null ? "≤ nginx's + 0.5 ms" : String.format(Locale.ROOT,
                "≤ nginx's + 0.5 = %.3f ms", ng99 + 0.5), fmt(ng99), arm -> check(addedValue("serial", arm,
                st -> st.latency, 99), ng99 == null ? null : ng99 + 0.5, true), true);
        row("added p99 at 1,000 req/s, all governance on", "≤ 2 ms",
                fmt(addedValue("rate-1000", nginx, st -> st.latency, 99)),
                arm -> check(addedValue("rate-1000", arm, st -> st.latency, 99), 2.0, true), false);
        Double ngMax = throughputOf(nginx);
        row("max req/s, all governance on", ngMax == null ? "≥ 0.25 × nginx" : String.format(Locale.ROOT,
                "≥ 0.25 × nginx = %.0f", 0.25 * ngMax), ngMax == null ? "–" : String.format(Locale.ROOT, "%.0f",
                ngMax), arm -> checkRps(throughputOf(arm), ngMax == null ? null : 0.25 * ngMax), false);
        String scan;
        if (!scanning) {
            scan = "not measured: the governed arm has no secret/PII scanning yet";
        } else {
            Double p = throughputOf(pass);
            Double g = throughputOf(governed);
            scan = p == null || g == null ? "not measured" : String.format(Locale.ROOT, "%.2f × %s",
                    g / p, g / p >= 0.5 ? "(met)" : "(**MISSED**)");
        }
        md.append("| throughput with secret/PII scanning on | ≥ 0.5 × without | – | – | ").append(scan)
                .append(" |\n");
        for (String phase : phases(p -> p.startsWith("stream-"))) {
            row("added TTFT p99, " + phaseName(phase), "≤ 1 ms", fmt(addedValue(phase, nginx, st -> st.ttft, 99)),
                    arm -> check(addedValue(phase, arm, st -> st.ttft, 99), 1.0, true), true);
            row("added inter-delta gap p99, " + phaseName(phase), "≤ 0.2 ms, no buffering",
                    fmt(addedValue(phase, nginx, st -> st.gap, 99)) + " (" + bunchedOf(phase, nginx) + " bunched)",
                    arm -> check(addedValue(phase, arm, st -> st.gap, 99), 0.2, true) + " (" + bunchedOf(phase, arm)
                            + " bunched)", true);
        }
        row("memory per stream at 1,000 streams", "≤ 64 KB", memFig(nginx, "rss", Mem::perStreamKb, " KB"),
                arm -> perStream(arm), true);
        row("memory in all at 1,000 streams", "≤ 300 MB", memFig(nginx, "rss", m -> m.full / 1024.0, " MB"),
                arm -> checkMem(arm, "rss", m -> m.full / 1024.0, 300, " MB"), true);
        row("memory flat over 10 minutes (last minute − first)", "flat", memFig(nginx, "soak",
                m -> (m.lastMinute - m.firstMinute) / 1024.0, " MB"), arm -> memFig(arm, "soak",
                m -> (m.lastMinute - m.firstMinute) / 1024.0, " MB"), true);
        md.append("\n").append(governed).append(" = all governance on; today that means: ")
                .append(governedFeatures.isBlank() ? "(not stated)" : governedFeatures).append("\n");
    }

    private void row(String figure, String target, String nginxFig, Function<String, String> armFig, boolean both) {
        md.append("| ").append(figure).append(" | ").append(target).append(" | ").append(nginxFig).append(" | ")
                .append(both ? armFig.apply(pass) : "–").append(" | ").append(armFig.apply(governed)).append(" |\n");
    }

    private String check(Double value, Double limit, boolean lowerIsBetter) {
        if (value == null) {
            return "not measured";
        }
        if (limit == null) {
            return fmt(value);
        }
        boolean ok = lowerIsBetter ? value <= limit : value >= limit;
        return fmt(value) + (ok ? " (met)" : " (**MISSED**)");
    }

    private String checkRps(Double value, Double limit) {
        if (value == null) {
            return "not measured";
        }
        String v = String.format(Locale.ROOT, "%.0f", value);
        return limit == null ? v : v + (value >= limit ? " (met)" : " (**MISSED**)");
    }

    private String memFig(String arm, String phase, Function<Mem, Double> f, String unit) {
        List<JsonNode> r = runs.getOrDefault(phase, Map.of()).get(arm);
        if (r == null) {
            return "not measured";
        }
        return String.format(Locale.ROOT, "%.1f%s", f.apply(mem(r.getLast())), unit);
    }

    private String checkMem(String arm, String phase, Function<Mem, Double> f, double limit, String unit) {
        List<JsonNode> r = runs.getOrDefault(phase, Map.of()).get(arm);
        if (r == null) {
            return "not measured";
        }
        Mem m = mem(r.getLast());
        if (m.full == 0) {
            return notHeld(m);
        }
        double v = f.apply(m);
        return String.format(Locale.ROOT, "%.1f%s", v, unit) + (v <= limit ? " (met)" : " (**MISSED**)");
    }

    /**
     * Per-stream growth only means something when the process was not already holding more than the whole budget
     * before the streams came (a JVM whose heap grew earlier reuses it: its RSS barely moves).
     */
    private String perStream(String arm) {
        List<JsonNode> r = runs.getOrDefault("rss", Map.of()).get(arm);
        if (r == null) {
            return "not measured";
        }
        Mem m = mem(r.getLast());
        if (m.full == 0) {
            return notHeld(m);
        }
        if (m.full / 1024.0 > 300) {
            return String.format(Locale.ROOT, "%.1f KB (inconclusive: %.0f MB resident before the streams)",
                    m.perStreamKb(), m.base / 1024.0);
        }
        return checkMem(arm, "rss", Mem::perStreamKb, 64, " KB");
    }

    /** No sample had (nearly) all the streams open: the arm refused or failed them, so there is no figure to judge. */
    private static String notHeld(Mem m) {
        return String.format(Locale.ROOT, "not held (never %d streams open at once)", m.streams);
    }

    private String bunchedOf(String phase, String arm) {
        RunStats s = merged.getOrDefault(phase, Map.of()).get(arm);
        return s == null ? "–" : bunched(s);
    }

    private Double throughputOf(String arm) {
        RunStats s = merged.getOrDefault("max", Map.of()).get(arm);
        return s == null || s.ok == 0 ? null : s.throughput();
    }

    // ---------- helpers ----------

    private List<String> phases(java.util.function.Predicate<String> p) {
        return runs.keySet().stream().filter(p).toList();
    }

    private String bodyKb(String phase) {
        JsonNode r = runs.get(phase).values().iterator().next().getFirst();
        return String.format(Locale.ROOT, "%.1f KB", r.path("body_bytes").asInt() / 1024.0);
    }

    private String phaseName(String phase) {
        JsonNode r = runs.get(phase).values().iterator().next().getFirst();
        return switch (phase) {
            case "serial" -> "1 at a time";
            case "stream-openai" -> String.format(Locale.ROOT, "OpenAI, %.1f KB body, %.0f/s",
                    r.path("body_bytes").asInt() / 1024.0, r.path("rate").asDouble());
            case "stream-anthropic" -> String.format(Locale.ROOT, "Anthropic, %.0f KB body, %.0f/s",
                    r.path("body_bytes").asInt() / 1024.0, r.path("rate").asDouble());
            default -> phase.startsWith("rate-") ? phase.substring(5) + " req/s" : phase;
        };
    }

    /** The measured window's errors, then those of the warm-up before it, if any (see {@link RunStats#warmupErrors}). */
    private static String errors(RunStats s) {
        String measured = s.errors.isEmpty() ? "0" : s.errorCount() + " (" + kinds(s.errors) + ")";
        return s.warmupErrors.isEmpty() ? measured
                : measured + "; warm-up " + s.warmupErrorCount() + " (" + kinds(s.warmupErrors) + ")";
    }

    private static String kinds(Map<String, Long> errors) {
        StringBuilder sb = new StringBuilder();
        errors.forEach((k, v) -> sb.append(k).append(' ').append(v).append(", "));
        sb.setLength(sb.length() - 2);
        return sb.toString();
    }

    private static String ms(Histogram h, double pct) {
        return h.getTotalCount() == 0 ? "–" : String.format(Locale.ROOT, "%.3f", h.getValueAtPercentile(pct) / 1000.0);
    }

    private static String msMax(Histogram h) {
        return h.getTotalCount() == 0 ? "–" : String.format(Locale.ROOT, "%.3f", h.getMaxValue() / 1000.0);
    }

    private Double addedValue(String phase, String arm, Function<RunStats, Histogram> f, double pct) {
        Map<String, RunStats> m = merged.get(phase);
        if (m == null || !m.containsKey(arm) || !m.containsKey(direct)) {
            return null;
        }
        Histogram a = f.apply(m.get(arm));
        Histogram d = f.apply(m.get(direct));
        if (a.getTotalCount() == 0 || d.getTotalCount() == 0) {
            return null;
        }
        return (a.getValueAtPercentile(pct) - d.getValueAtPercentile(pct)) / 1000.0;
    }

    private String added(String phase, String arm, Function<RunStats, Histogram> f, double pct) {
        if (arm.equals(direct)) {
            return "–";
        }
        Double v = addedValue(phase, arm, f, pct);
        return v == null ? "–" : String.format(Locale.ROOT, "%+.3f", v);
    }

    private static String fmt(Double v) {
        return v == null ? "–" : String.format(Locale.ROOT, "%.3f ms", v);
    }
}
