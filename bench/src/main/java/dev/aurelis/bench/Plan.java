package dev.aurelis.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Runs the comparison: every phase against every arm, arms interleaved within each round (and their order rotated
 * from round to round), so drift over the run (a noisy neighbour, a warming JIT, heat) falls on all arms alike.
 * Each run appends one JSON line to {@code raw/runs.jsonl} under the output directory; {@link Report} turns them
 * into tables.
 */
final class Plan {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The longest wait for idle cores between runs. */
    private static final long SETTLE_MAX_MILLIS = 30_000;

    private final Args a;
    private final List<Target> arms = new ArrayList<>();
    private final Path out;
    private final LoadRunner runner = new LoadRunner();
    private final double warmup;
    private final double measure;
    private final int chunks;
    /** Each arm's throughput in the latest max-throughput run: the overload phase sends twice that. */
    private final java.util.Map<String, Double> lastMaxThroughput = new java.util.HashMap<>();
    /**
     * The proxies' core and the load generator's, waited for between runs; empty when not given (then each arm's own
     * processes are).
     */
    private final List<CoreIdle> cores = new ArrayList<>();

    private Plan(Args a) {
        this.a = a;
        for (String spec : a.all("arm")) {
            arms.add(Target.parse(spec));
        }
        if (arms.isEmpty()) {
            throw new IllegalArgumentException("give at least one --arm");
        }
        this.out = Path.of(a.get("out", "bench/results/manual"));
        this.warmup = a.decimal("warmup", 1);
        this.measure = a.decimal("measure", 8);
        this.chunks = a.integer("chunks", 40);
        for (String core : List.of("proxy-cpu", "load-cpu")) {
            if (a.get(core, null) != null) {
                cores.add(new CoreIdle(a.integer(core, 0)));
            }
        }
    }

    static void main(Args a) throws IOException {
        Plan plan = new Plan(a);
        try {
            plan.run();
        } finally {
            plan.runner.close();
        }
    }

    /** One ad-hoc run, printed as JSON: handy for trying a single figure by hand. */
    static void single(Args a) {
        Target t = Target.parse(a.require("arm"));
        RequestSpec spec = switch (a.get("request", "openai")) {
            case "openai-stream" -> RequestSpec.openAiChat(true, a.integer("chunks", 40));
            case "claude" -> RequestSpec.claudeCode(a.integer("body-bytes", 80_000), a.integer("chunks", 40));
            default -> RequestSpec.openAiChat(false, 0);
        };
        LoadRunner.Options o = new LoadRunner.Options(a.decimal("warmup", 1), a.decimal("measure", 5),
                a.integer("max-connections", 2000), a.decimal("timeout", 30), a.decimal("drain", 30));
        try (LoadRunner r = new LoadRunner()) {
            RunStats s = a.get("concurrency", null) != null
                    ? r.closed(t, spec, a.integer("concurrency", 1), a.decimal("ramp", 0), o)
                    : r.open(t, spec, a.decimal("rate", 100), o);
            System.out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(strip(s.toJson())));
        }
    }

    private static ObjectNode strip(ObjectNode n) {
        n.remove("histograms");
        return n;
    }

    private void run() throws IOException {
        Files.createDirectories(out.resolve("raw"));
        writeArms();
        List<String> phases = List.of(a.get("phases", "serial,rates,max,overload,stream-openai,stream-anthropic").split(","));
        List<Target> live = arms.stream().filter(t -> !t.skipped()).toList();
        if (phases.contains("rss") || phases.contains("soak")) {
            for (Target t : live) {
                if (t.pids().isEmpty()) {
                    continue;
                }
                if (phases.contains("rss")) {
                    memory(t, "rss", a.integer("rss-streams", 1000), a.decimal("rss-ramp", 5),
                            a.decimal("rss-hold", 20), 0.5);
                }
                List<String> soakArms = List.of(a.get("soak-arms", t.name()).split(","));
                if (phases.contains("soak") && soakArms.contains(t.name())) {
                    memory(t, "soak", a.integer("rss-streams", 1000), a.decimal("rss-ramp", 5),
                            a.decimal("soak-minutes", 10) * 60, 5);
                }
            }
            return;
        }
        double armWarmup = a.decimal("arm-warmup", 10);
        if (armWarmup > 0) {
            for (Target t : live) {
                warmUntilStable(t, armWarmup, a.decimal("warmup-max", armWarmup));
                runner.open(t, RequestSpec.openAiChat(true, chunks), 50, options(armWarmup * 0.2, 0.001, 2000, 30));
                runner.open(t, RequestSpec.claudeCode(a.integer("body-bytes", 80_000), chunks), 50,
                        options(armWarmup * 0.2, 0.001, 2000, 30));
            }
        }
        int rounds = a.integer("rounds", 3);
        List<Double> rates = new ArrayList<>();
        for (String r : a.get("rates", "500,1000,2000").split(",")) {
            rates.add(Double.parseDouble(r));
        }
        RequestSpec plain = RequestSpec.openAiChat(false, 0);
        RequestSpec openAiStream = RequestSpec.openAiChat(true, chunks);
        RequestSpec claude = RequestSpec.claudeCode(a.integer("body-bytes", 80_000), chunks);
        List<String> steps = new ArrayList<>();
        for (String phase : phases) {
            if (phase.equals("rates")) {
                rates.forEach(r -> steps.add("rate-" + Math.round(r)));
            } else {
                steps.add(phase);
            }
        }
        for (int round = 1; round <= rounds; round++) {
            List<Target> order = order(live, round);
            for (String step : steps) {
                for (Target t : order) {
                    switch (step) {
                        case "overload" -> overload(round, t);
                        case "serial" -> closed(round, step, t, plain, 1);
                        case "max" -> closed(round, step, t, plain, a.integer("max-concurrency", 64));
                        case "stream-openai" -> open(round, step, t, openAiStream, a.decimal("stream-rate", 50));
                        case "stream-anthropic" -> open(round, step, t, claude, a.decimal("stream-rate", 50));
                        default -> {
                            if (!step.startsWith("rate-")) {
                                throw new IllegalArgumentException("unknown phase " + step);
                            }
                            open(round, step, t, plain, Double.parseDouble(step.substring(5)));
                        }
                    }
                }
            }
        }
    }

    /**
     * Warms an arm with windows of closed-loop load (64 in flight, as the max-throughput phase) until its throughput
     * is stable: the last three windows within 5 % of their mean, after at least {@code minSeconds} and at most
     * {@code maxSeconds}. A JVM that has not compiled its hot path yet would otherwise be measured cold in round 1.
     * Every window is saved (phase {@code warmup}), so the report shows how long warming took.
     */
    private void warmUntilStable(Target t, double minSeconds, double maxSeconds) throws IOException {
        double window = Math.min(5, Math.max(1, minSeconds / 3));
        List<Double> rates = new ArrayList<>();
        long t0 = System.nanoTime();
        RequestSpec plain = RequestSpec.openAiChat(false, 0);
        while (true) {
            RunStats s = runner.closed(t, plain, a.integer("max-concurrency", 64), 0, options(0, window, 64, 10));
            rates.add(s.throughput());
            double elapsed = (System.nanoTime() - t0) / 1e9;
            save(0, "warmup", t, plain, "closed", 0, 64, s, System.nanoTime());
            int n = rates.size();
            boolean stable = false;
            if (n >= 3) {
                double mean = (rates.get(n - 1) + rates.get(n - 2) + rates.get(n - 3)) / 3;
                stable = mean > 0 && rates.subList(n - 3, n).stream().allMatch(r -> Math.abs(r - mean) <= 0.05 * mean);
            }
            if ((stable && elapsed >= minSeconds) || elapsed >= maxSeconds) {
                log("warm-up %s: %s after %.0f s (%s req/s per window)", t.name(), stable ? "stable" : "not stable yet",
                        elapsed, rates.stream().map(r -> String.format(Locale.ROOT, "%.0f", r)).toList());
                return;
            }
        }
    }

    /**
     * Overload: twice the arm's highest throughput of this round's max phase for 10 s, then 500 req/s in ten
     * one-second runs, each saved on its own, so the report shows the excess refused (and how fast), what was
     * served, and how many seconds the arm took to answer 500 req/s as it did before the burst.
     */
    private void overload(int round, Target t) throws IOException {
        double max = lastMaxThroughput.getOrDefault(t.name(), 0.0);
        if (max <= 0) {
            log("overload %s: skipped, no max-throughput run in this round", t.name());
            return;
        }
        RequestSpec plain = RequestSpec.openAiChat(false, 0);
        double burst = 2 * max;
        long t0 = System.nanoTime();
        RunStats s = runner.open(t, plain, burst, new LoadRunner.Options(0, a.decimal("overload-seconds", 10), 4000,
                10, 5));
        // no waiting for the core between the burst and the seconds after it: they measure the recovery from it
        save(round, "overload", t, plain, "open", burst, 0, s, t0, false);
        for (int second = 1; second <= 10; second++) {
            long s0 = System.nanoTime();
            RunStats after = runner.open(t, plain, 500, new LoadRunner.Options(0, 1, 2000, 10, 1));
            save(round, "overload-after-" + second, t, plain, "open", 500, 0, after, s0, second == 10);
        }
    }

    /**
     * The arms' order in a round: rotated from round to round so drift falls on all alike, and reversed in every second
     * round, so that an arm does not always run right after the same one.
     */
    static List<Target> order(List<Target> list, int round) {
        List<Target> r = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            r.add(list.get((i + round - 1) % list.size()));
        }
        return round % 2 == 0 ? r.reversed() : r;
    }

    /** Waits until each core is idle in turn, at most {@code maxMillis} in all; returns how long it waited. */
    private long settleCores(long maxMillis) {
        long waited = 0;
        for (CoreIdle core : cores) {
            waited += core.settle(Math.max(0, maxMillis - waited));
        }
        return waited;
    }

    /**
     * After the last send a run waits at most 5 s for answers (streams: 10 s) and counts the rest as unfinished, so a
     * proxy that cannot keep up costs the run errors, not minutes.
     */
    private LoadRunner.Options options(double warm, double meas, int maxConnections, double timeout) {
        return new LoadRunner.Options(warm, meas, maxConnections, timeout, Math.min(timeout, timeout > 10 ? 10 : 5));
    }

    private void open(int round, String phase, Target t, RequestSpec spec, double rate) throws IOException {
        long t0 = System.nanoTime();
        RunStats s = runner.open(t, spec, rate, options(warmup, measure, 2000, spec.stream() ? 30 : 10));
        save(round, phase, t, spec, "open", rate, 0, s, t0);
    }

    private void closed(int round, String phase, Target t, RequestSpec spec, int concurrency) throws IOException {
        long t0 = System.nanoTime();
        RunStats s = runner.closed(t, spec, concurrency, 0, options(warmup, measure, concurrency, 10));
        if (phase.equals("max")) {
            lastMaxThroughput.put(t.name(), s.throughput());
        }
        save(round, phase, t, spec, "closed", 0, concurrency, s, t0);
    }

    private void save(int round, String phase, Target t, RequestSpec spec, String mode, double rate, int concurrency,
                      RunStats s, long t0) throws IOException {
        save(round, phase, t, spec, mode, rate, concurrency, s, t0, true);
    }

    /** Records a run; with {@code settle}, then waits until the cores (without them, the arm's processes) are idle. */
    private void save(int round, String phase, Target t, RequestSpec spec, String mode, double rate, int concurrency,
                      RunStats s, long t0, boolean settle) throws IOException {
        ObjectNode rec = JsonNodeFactory.instance.objectNode();
        rec.put("phase", phase).put("arm", t.name()).put("round", round).put("request", spec.label())
                .put("body_bytes", spec.body().length).put("mode", mode).put("rate", rate)
                .put("concurrency", concurrency).put("warmup_s", warmup).put("measure_s", measure)
                .put("at", Instant.now().toString());
        rec.set("stats", s.toJson());
        long settled = !settle ? 0 : !cores.isEmpty() ? settleCores(SETTLE_MAX_MILLIS)
                : t.pids().isEmpty() ? 0 : new RssSampler(t.pids()).settle(8_000);
        rec.put("settle_ms", settled);
        append("runs.jsonl", rec);
        String line = String.format(Locale.ROOT, "round %d %-16s %-12s ok %6d err %4d  %8.0f req/s  p50 %7.3f ms  "
                        + "p99 %7.3f ms  p99.9 %7.3f ms", round, phase, t.name(), s.ok, s.errorCount(), s.throughput(),
                s.latency.getValueAtPercentile(50) / 1000.0, s.latency.getValueAtPercentile(99) / 1000.0,
                s.latency.getValueAtPercentile(99.9) / 1000.0);
        if (s.ttft.getTotalCount() > 0) {
            line += String.format(Locale.ROOT, "  ttft p99 %7.3f ms  gap p99 %7.3f ms",
                    s.ttft.getValueAtPercentile(99) / 1000.0, s.gap.getValueAtPercentile(99) / 1000.0);
        }
        String waited = !cores.isEmpty() && settled >= SETTLE_MAX_MILLIS
                ? ", then the cores were still busy after " + SETTLE_MAX_MILLIS / 1000 + " s"
                : settled > 1000 ? String.format(Locale.ROOT, ", then %.1f s until the %s idle", settled / 1e3,
                        cores.isEmpty() ? "proxy was" : "cores were") : "";
        log("%s  (%.1f s%s)%s", line, (System.nanoTime() - t0) / 1e9, waited,
                s.errorSamples.isEmpty() ? "" : "  e.g. " + s.errorSamples.getFirst());
    }

    /**
     * Holds {@code streams} streams open (closed loop: each finished stream is replaced at once) and samples the
     * resident memory of the arm's processes meanwhile. The baseline is sampled just before.
     */
    private void memory(Target t, String phase, int streams, double ramp, double hold, double sampleEveryS)
            throws IOException {
        RssSampler sampler = new RssSampler(t.pids());
        long base = sampler.medianOf(5, 200);
        log("%s %s: baseline RSS %.1f MB; %d streams, ramp %.0f s, hold %.0f s", phase, t.name(), base / 1024.0,
                streams, ramp, hold);
        RequestSpec spec = RequestSpec.claudeCode(a.integer("body-bytes", 80_000), a.integer("rss-chunks", 0));
        long t0 = System.nanoTime();
        sampler.start((long) (sampleEveryS * 1000), () -> runner.inFlight);
        RunStats s = runner.closed(t, spec, streams, ramp,
                new LoadRunner.Options(0, hold, streams, hold + ramp + 120, 120, true));
        List<RssSampler.Sample> samples = sampler.stop();
        long after = sampler.medianOf(5, 200);
        ObjectNode rec = JsonNodeFactory.instance.objectNode();
        rec.put("phase", phase).put("arm", t.name()).put("round", 1).put("request", spec.label())
                .put("body_bytes", spec.body().length).put("mode", "closed").put("concurrency", streams)
                .put("ramp_s", ramp).put("hold_s", hold).put("at", Instant.now().toString())
                .put("rss_base_kb", base).put("rss_after_kb", after);
        ArrayNode arr = rec.putArray("samples");
        for (RssSampler.Sample x : samples) {
            arr.addArray().add(Math.round((x.atNanos() - t0) / 1e6) / 1000.0).add(x.rssKb()).add(x.inFlight());
        }
        rec.set("stats", s.toJson());
        append("runs.jsonl", rec);
        long full = samples.stream().filter(x -> x.inFlight() >= streams * 0.98).mapToLong(RssSampler.Sample::rssKb)
                .max().orElse(0);
        log("%s %s: RSS at %d streams %.1f MB (%.1f KB per stream), after %.1f MB; ok %d, errors %d%s", phase,
                t.name(), streams, full / 1024.0, (full - base) / (double) streams, after / 1024.0, s.ok, s.errorCount(),
                s.errorSamples.isEmpty() ? "" : "  e.g. " + s.errorSamples.getFirst());
    }

    private void writeArms() throws IOException {
        Path file = out.resolve("raw").resolve("arms.jsonl");
        if (Files.exists(file)) {
            return;
        }
        for (Target t : arms) {
            ObjectNode n = JsonNodeFactory.instance.objectNode();
            n.put("arm", t.name());
            if (t.skipped()) {
                n.put("skipped", t.skipReason());
            } else {
                n.put("url", "http://" + t.host() + ":" + t.port());
                t.pids().forEach(n.putArray("pids")::add);
            }
            append("arms.jsonl", n);
        }
    }

    private void append(String file, ObjectNode rec) throws IOException {
        Files.writeString(out.resolve("raw").resolve(file), JSON.writeValueAsString(rec) + "\n",
                StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    static void log(String fmt, Object... args) {
        System.err.printf(Locale.ROOT, "[bench %tT] %s%n", new java.util.Date(), String.format(Locale.ROOT, fmt, args));
    }
}
