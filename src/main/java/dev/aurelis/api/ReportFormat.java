package dev.aurelis.api;

import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** JSON or CSV for report endpoints: {@code format=csv|json}, or {@code Accept: text/csv}. */
final class ReportFormat {

    static final MediaType CSV = new MediaType("text", "csv", StandardCharsets.UTF_8);

    private ReportFormat() {
    }

    /** Whether the caller asked for CSV; refuses a format that is neither. */
    static boolean wantsCsv(String format, String accept) {
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && accept != null && accept.contains("text/csv"));
        if (format != null && !csv && !"json".equalsIgnoreCase(format)) {
            throw new IllegalArgumentException("'format' must be json or csv.");
        }
        return csv;
    }

    /** A CSV download named {@code name}.csv (the name is built from checked values only). */
    static ResponseEntity<String> csv(String name, String body) {
        return ResponseEntity.ok().contentType(CSV)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name.replaceAll("[^A-Za-z0-9_.-]", "_")
                        + ".csv\"")
                .body(body);
    }
}
