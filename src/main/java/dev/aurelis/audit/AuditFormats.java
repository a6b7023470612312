package dev.aurelis.audit;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How entries are written out: a JSON object per entry (JSON lines), CSV with a header, and Splunk HTTP Event
 * Collector event JSON ({@code time} in epoch seconds, {@code host}, {@code source}, {@code sourcetype}, and the entry
 * as {@code event}), which is both a file format and what the real-time Splunk destination posts.
 */
public final class AuditFormats {

    public static final String SOURCETYPE = "aurelis:audit";
    public static final List<String> CSV_COLUMNS = List.of("seq", "id", "occurred_at", "recorded_at", "category",
            "action", "actor", "target", "outcome", "source_ip", "user_agent", "details", "prev_hash", "hash");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuditFormats() {
    }

    /** The entry as a map with snake_case names, its details as a JSON object. */
    public static Map<String, Object> map(AuditEntry e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tenant_id", e.tenantId());
        m.put("seq", e.seq());
        m.put("id", e.id().toString());
        m.put("occurred_at", e.occurredAt().toString());
        m.put("recorded_at", e.recordedAt().toString());
        m.put("category", e.category());
        m.put("action", e.action());
        m.put("actor", e.actor());
        m.put("target", e.target());
        m.put("outcome", e.outcome());
        m.put("source_ip", e.sourceIp());
        m.put("user_agent", e.userAgent());
        m.put("details", details(e));
        m.put("prev_hash", e.prevHash());
        m.put("hash", e.hash());
        // version 2 entries: the link covers this digest of the personal fields (salt gone once erased)
        if (e.personal() != null) {
            m.put("personal_digest", e.personal());
            m.put("salt", e.salt());
            m.put("erased_at", e.erasedAt() == null ? null : e.erasedAt().toString());
        }
        return m;
    }

    public static JsonNode details(AuditEntry e) {
        return JSON.readTree(e.details());
    }

    public static String jsonLine(AuditEntry e) {
        return JSON.writeValueAsString(map(e));
    }

    public static String csvHeader() {
        return String.join(",", CSV_COLUMNS);
    }

    public static String csvLine(AuditEntry e) {
        Map<String, Object> m = map(e);
        m.put("details", e.details());
        StringBuilder line = new StringBuilder();
        for (String column : CSV_COLUMNS) {
            if (!line.isEmpty()) {
                line.append(',');
            }
            line.append(csvCell(m.get(column)));
        }
        return line.toString();
    }

    /** One HEC event: {@code {"time":…,"host":…,"source":"aurelis","sourcetype":"aurelis:audit","event":{…}}}. */
    public static String splunkEvent(AuditEntry e, String host) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("time", new BigDecimal(e.occurredAt().getEpochSecond())
                .add(BigDecimal.valueOf(e.occurredAt().getNano() / 1_000, 6)));
        event.put("host", host);
        event.put("source", "aurelis");
        event.put("sourcetype", SOURCETYPE);
        event.put("event", map(e));
        return JSON.writeValueAsString(event);
    }

    static String csvCell(Object value) {
        if (value == null) {
            return "";
        }
        String text = String.valueOf(value);
        // a cell a spreadsheet would run as a formula is quoted and prefixed
        if (!text.isEmpty() && "=+-@".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")
                || text.startsWith("'")) {
            return "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    /** The format a name stands for: json and jsonl are JSON lines. */
    public static String normalize(String format) {
        String f = format == null ? "jsonl" : format.strip().toLowerCase(Locale.ROOT);
        return switch (f) {
            case "json", "jsonl", "ndjson" -> "jsonl";
            case "csv" -> "csv";
            case "splunk", "hec", "splunk_hec" -> "splunk";
            default -> throw new IllegalArgumentException("export format '" + format
                    + "' is not one of jsonl, csv, splunk");
        };
    }
}
