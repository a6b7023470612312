package dev.aurelis.cli;

import dev.aurelis.configuration.Deployment;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code deployment.strategy}, {@code traffic_split} and {@code rollback} as the chart's Argo Rollout. A blue-green
 * switch moves all traffic at once, so a split between the colours (the brief's 90/10) is a canary step at the new
 * colour's share, analysed, before the rest moves over; without a split it is Argo's blue-green with a preview.
 */
final class Rollouts {

    /** {@code > 0.05}, {@code >= 5%}, {@code > 1000ms}, {@code > 1.5s}. */
    private static final Pattern THRESHOLD = Pattern.compile("\\s*>=?\\s*(\\d+(?:\\.\\d+)?)\\s*(ms|s|%)?\\s*");
    private static final List<String> NEW_COLOURS = List.of("green", "canary", "new");

    private Rollouts() {
    }

    static Map<String, Object> of(String strategy, Map<String, Integer> trafficSplit, Deployment.Rollback rollback) {
        String name = strategy == null ? "rolling" : strategy.toLowerCase(Locale.ROOT).replace('-', '_');
        Map<String, Object> rollout = new LinkedHashMap<>();
        boolean autoRollback = rollback != null && rollback.autoRollback();
        if (name.equals("rolling") || name.equals("rolling_update")) {
            if (autoRollback) {
                throw new CliException("deployment.rollback.auto_rollback needs strategy blue_green or canary",
                        "A rolling update has no analysis to roll back on; set deployment.strategy.", 1);
            }
            rollout.put("enabled", false);
            return rollout;
        }
        if (!name.equals("blue_green") && !name.equals("canary")) {
            throw new CliException("deployment.strategy: '" + strategy + "' has no rendering",
                    "Use rolling, blue_green or canary.", 1);
        }
        rollout.put("enabled", true);
        Integer share = newShare(trafficSplit);
        boolean weighted = share != null && share > 0 && share < 100;
        if (name.equals("canary") || weighted) {
            rollout.put("strategy", "canary");
            int first = share == null ? 10 : share;
            rollout.put("trafficSplit", Map.of("blue", 100 - first, "green", first));
            List<Integer> steps = new ArrayList<>(List.of(first));
            if (first < 50) {
                steps.add(50);
            }
            rollout.put("steps", steps);
        } else {
            rollout.put("strategy", "blueGreen");
        }
        // without automatic rollback a person promotes or aborts; the analysis still runs and reports
        rollout.put("autoPromotion", autoRollback);
        rollout.put("analysis", analysis(rollback, autoRollback));
        return rollout;
    }

    private static Integer newShare(Map<String, Integer> split) {
        if (split == null || split.isEmpty()) {
            return null;
        }
        int total = split.values().stream().mapToInt(Integer::intValue).sum();
        if (total != 100) {
            throw new CliException("deployment.traffic_split: the shares add up to " + total + ", not 100", null, 1);
        }
        return NEW_COLOURS.stream().filter(split::containsKey).map(split::get).findFirst().orElseThrow(
                () -> new CliException("deployment.traffic_split: no share for the new version",
                        "Name it green (or canary), as in blue: 90, green: 10.", 1));
    }

    private static Map<String, Object> analysis(Deployment.Rollback rollback, boolean autoRollback) {
        Map<String, Object> analysis = new LinkedHashMap<>();
        analysis.put("enabled", autoRollback);
        if (rollback == null) {
            return analysis;
        }
        rollback.metricsThreshold().forEach((metric, condition) -> {
            switch (metric) {
                case "error_rate" -> analysis.put("errorRateThreshold", errorRate(condition));
                case "latency" -> analysis.put("latencyThresholdSeconds", seconds(condition));
                default -> throw new CliException("deployment.rollback.metrics_threshold: '" + metric
                        + "' is not a metric the analysis measures", "Use error_rate and latency.", 1);
            }
        });
        return analysis;
    }

    private static Matcher parse(String metric, String condition) {
        Matcher matcher = THRESHOLD.matcher(condition == null ? "" : condition);
        if (!matcher.matches()) {
            throw new CliException("deployment.rollback.metrics_threshold." + metric + ": '" + condition
                    + "' is not a threshold", "Write it as the brief does, e.g. \"> 0.05\" or \"> 1000ms\".", 1);
        }
        return matcher;
    }

    private static double errorRate(String condition) {
        Matcher matcher = parse("error_rate", condition);
        BigDecimal value = new BigDecimal(matcher.group(1));
        if ("%".equals(matcher.group(2))) {
            value = value.movePointLeft(2);
        } else if (matcher.group(2) != null) {
            throw new CliException("deployment.rollback.metrics_threshold.error_rate: '" + condition
                    + "' is a time, not a rate", "Write a fraction (0.05) or a percentage (5%).", 1);
        }
        return value.doubleValue();
    }

    private static double seconds(String condition) {
        Matcher matcher = parse("latency", condition);
        BigDecimal value = new BigDecimal(matcher.group(1));
        if ("%".equals(matcher.group(2))) {
            throw new CliException("deployment.rollback.metrics_threshold.latency: '" + condition
                    + "' is not a time", "Write it with its unit, e.g. \"> 1000ms\" or \"> 1s\".", 1);
        }
        // a bare number is milliseconds, as the brief's latency figures are
        return ("s".equals(matcher.group(2)) ? value : value.movePointLeft(3)).doubleValue();
    }
}
