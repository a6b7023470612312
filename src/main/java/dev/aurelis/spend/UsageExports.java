package dev.aurelis.spend;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reads a provider's own usage report, by UTC day and model, in the shapes the vendors document:
 * <ul>
 * <li>OpenAI: pages of the Usage API ({@code GET /v1/organization/usage/completions?bucket_width=1d&group_by=model}):
 * buckets with {@code start_time} (Unix seconds) and results with {@code model}, {@code input_tokens} (cached
 * included), {@code input_cached_tokens}, {@code output_tokens} and {@code num_model_requests};</li>
 * <li>Anthropic: the Usage and Cost Admin API's report ({@code GET /v1/organizations/usage_report/messages?
 * bucket_width=1d&group_by[]=model}): buckets with {@code starting_at} and results with {@code model},
 * {@code uncached_input_tokens}, {@code cache_read_input_tokens}, {@code cache_creation} (or its flattened fields)
 * and {@code output_tokens};</li>
 * <li>CSV with a header naming the same fields, one row per day and model (the day as {@code date},
 * {@code start_time} or {@code starting_at}).</li>
 * </ul>
 * Tokens are normalised as the ledger counts them: input includes cache reads and writes.
 */
final class UsageExports {

    /** One day and model of a provider's report; requests is -1 where the report does not count them. */
    record Row(LocalDate day, String model, long requests, long inputTokens, long cachedTokens, long outputTokens) {
    }

    private UsageExports() {
    }

    static List<Row> fromJson(JsonNode export) {
        List<JsonNode> pages = new ArrayList<>();
        if (export.isArray()) {
            export.forEach(pages::add);
        } else {
            pages.add(export);
        }
        List<Row> rows = new ArrayList<>();
        for (JsonNode page : pages) {
            JsonNode buckets = page.get("data");
            if (buckets == null || !buckets.isArray()) {
                throw new IllegalArgumentException("The export is not a page of OpenAI's Usage API or Anthropic's usage "
                        + "report: it has no 'data' list of buckets.");
            }
            for (JsonNode bucket : buckets) {
                LocalDate day = day(bucket.has("start_time") ? bucket.get("start_time") : bucket.get("starting_at"));
                JsonNode results = bucket.has("results") ? bucket.get("results") : bucket.get("result");
                for (JsonNode r : results == null ? List.<JsonNode>of() : results) {
                    rows.add(row(day, r::get));
                }
            }
        }
        return rows;
    }

    static List<Row> fromCsv(String csv) {
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("The CSV export is empty.");
        }
        List<String> header = Arrays.stream(lines.getFirst().split(",", -1))
                .map(h -> h.strip().replace("\"", "").toLowerCase(Locale.ROOT)).toList();
        if (!header.contains("model")) {
            throw new IllegalArgumentException("The CSV export needs a header row with a 'model' column.");
        }
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i < header.size() && i < cells.length; i++) {
                values.put(header.get(i), cells[i].strip().replace("\"", ""));
            }
            String dayText = values.getOrDefault("date", values.getOrDefault("start_time", values.get("starting_at")));
            rows.add(row(day(dayText == null ? null : tools.jackson.databind.node.StringNode.valueOf(dayText)),
                    field -> values.containsKey(field) ? tools.jackson.databind.node.StringNode.valueOf(values.get(field)) : null));
        }
        return rows;
    }

    private static Row row(LocalDate day, java.util.function.Function<String, JsonNode> field) {
        JsonNode model = field.apply("model");
        String name = model == null || model.isNull() || model.asString().isBlank() ? "(unknown)"
                : model.asString().strip().toLowerCase(Locale.ROOT);
        long requests = field.apply("num_model_requests") == null ? -1 : count(field.apply("num_model_requests"));
        long output = count(field.apply("output_tokens"));
        if (field.apply("uncached_input_tokens") != null) { // Anthropic: input excludes cache reads and writes
            long read = count(field.apply("cache_read_input_tokens"));
            long written = count(field.apply("cache_creation_5m_input_tokens")) + count(field.apply("cache_creation_1h_input_tokens"));
            JsonNode creation = field.apply("cache_creation");
            if (creation != null && creation.isObject()) {
                written += count(creation.get("ephemeral_5m_input_tokens")) + count(creation.get("ephemeral_1h_input_tokens"));
            }
            return new Row(day, name, requests, count(field.apply("uncached_input_tokens")) + read + written, read, output);
        }
        return new Row(day, name, requests, count(field.apply("input_tokens")), count(field.apply("input_cached_tokens")),
                output);
    }

    private static LocalDate day(JsonNode when) {
        if (when == null || when.isNull()) {
            throw new IllegalArgumentException("Every bucket or row of the export needs its day (start_time, starting_at "
                    + "or date).");
        }
        String text = when.asString().strip();
        try {
            if (when.isNumber() || text.matches("\\d{9,11}")) {
                return Instant.ofEpochSecond(Long.parseLong(text)).atZone(ZoneOffset.UTC).toLocalDate();
            }
            if (text.length() > 10) {
                return Instant.parse(text).atZone(ZoneOffset.UTC).toLocalDate();
            }
            return LocalDate.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("'" + text + "' is not a day: expected Unix seconds, an ISO instant or "
                    + "a date such as 2026-11-30.");
        }
    }

    private static long count(JsonNode value) {
        if (value == null || value.isNull() || value.asString().isBlank()) {
            return 0;
        }
        try {
            long n = new java.math.BigDecimal(value.asString().strip()).longValueExact();
            if (n < 0) {
                throw new ArithmeticException();
            }
            return n;
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + value.asString() + "' is not a token or request count.");
        }
    }
}
