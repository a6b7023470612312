package dev.aurelis.analytics;

/** RFC 4180 fields, and cells that a spreadsheet would run as a formula made harmless. */
final class Csv {

    private Csv() {
    }

    static String field(String value) {
        if (value == null) {
            return "";
        }
        String text = value;
        // A leading =, +, -, @ (or tab/CR) makes spreadsheets evaluate the cell; names come from callers' headers.
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0 && !text.matches("-?[0-9.]+")) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            return '"' + text.replace("\"", "\"\"") + '"';
        }
        return text;
    }
}
