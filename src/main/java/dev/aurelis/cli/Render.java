package dev.aurelis.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import tools.jackson.databind.JsonNode;

/**
 * Generic table output for answers with no dedicated layout: an object's fields as aligned lines, an array of
 * objects as a table of chosen fields. Nested values are shown compactly as JSON; {@code -o json} has them in full.
 */
final class Render {

    private Render() {
    }

    /** Every field of {@code object}, one per line: {@code name  value}. */
    static void fields(PrintWriter out, JsonNode object) {
        Table table = new Table("FIELD", "VALUE");
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            table.add(field.getKey(), cell(field.getValue()));
        }
        table.print(out, false);
    }

    /** The objects of {@code array} as a table of the given fields (JSON names), or {@code empty} when there are none. */
    static void rows(PrintWriter out, JsonNode array, String empty, String... fields) {
        if (array.isEmpty()) {
            out.println(empty);
            out.flush();
            return;
        }
        List<String> headers = new ArrayList<>();
        for (String field : fields) {
            headers.add(field.replace('_', ' ').toUpperCase(Locale.ROOT));
        }
        Table table = new Table(headers);
        for (JsonNode item : array) {
            List<String> cells = new ArrayList<>();
            for (String field : fields) {
                cells.add(cell(item.path(field)));
            }
            table.add(cells);
        }
        table.print(out);
    }

    /** One value for a cell: times in UTC minutes, lists of plain values comma-separated, other nesting as JSON. */
    static String cell(JsonNode value) {
        if (Text.absent(value)) {
            return "-";
        }
        if (value.isArray() && value.valueStream().allMatch(JsonNode::isValueNode)) {
            List<String> parts = new ArrayList<>();
            value.forEach(v -> parts.add(v.asString()));
            return String.join(",", parts);
        }
        if (value.isString()) {
            return Text.time(value);
        }
        return Text.of(value);
    }
}
