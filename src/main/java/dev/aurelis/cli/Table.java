package dev.aurelis.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table: a header row, columns two spaces apart, numeric columns aligned to the right. */
final class Table {

    private final List<String> headers;

    private final boolean[] rightAligned;

    private final List<List<String>> rows = new ArrayList<>();

    private String indent = "";

    Table(List<String> headers) {
        this.headers = List.copyOf(headers);
        this.rightAligned = new boolean[headers.size()];
    }

    Table(String... headers) {
        this(Arrays.asList(headers));
    }

    /** Aligns the given columns (0-based) to the right. */
    Table alignRight(int... columns) {
        for (int column : columns) {
            rightAligned[column] = true;
        }
        return this;
    }

    /** Starts every line with this many spaces. */
    Table indent(int spaces) {
        indent = " ".repeat(spaces);
        return this;
    }

    Table add(List<String> cells) {
        if (cells.size() != headers.size()) {
            throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.size());
        }
        rows.add(cells.stream().map(c -> c == null || c.isEmpty() ? "-" : c).toList());
        return this;
    }

    Table add(String... cells) {
        return add(Arrays.asList(cells));
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    void print(PrintWriter out) {
        print(out, true);
    }

    /** Prints the rows, with the header row first when {@code withHeader}. */
    void print(PrintWriter out, boolean withHeader) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = withHeader ? headers.get(i).length() : 0;
            for (List<String> row : rows) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        if (withHeader) {
            printRow(out, headers, widths);
        }
        for (List<String> row : rows) {
            printRow(out, row, widths);
        }
        out.flush();
    }

    private void printRow(PrintWriter out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder(indent);
        for (int i = 0; i < cells.size(); i++) {
            String cell = cells.get(i);
            String padding = " ".repeat(widths[i] - cell.length());
            if (i > 0) {
                line.append("  ");
            }
            if (rightAligned[i]) {
                line.append(padding).append(cell);
            } else {
                line.append(cell);
                if (i < cells.size() - 1) {
                    line.append(padding);
                }
            }
        }
        out.println(line.toString().stripTrailing());
    }
}
