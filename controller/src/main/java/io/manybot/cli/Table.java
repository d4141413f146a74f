package io.manybot.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A plain text table like {@code kubectl get}: upper-case headers, columns three spaces apart. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();
    private final int columns;

    Table(String... headers) {
        this.columns = headers.length;
        rows.add(headers);
    }

    void row(String... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException("expected " + columns + " cells, got " + cells.length);
        }
        rows.add(cells);
    }

    void print(PrintWriter out, String indent) {
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], cell(row[i]).length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < columns; i++) {
                line.append(cell(row[i]));
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - cell(row[i]).length() + 3));
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private static String cell(String text) {
        return text == null || text.isEmpty() ? "-" : text.replace('\n', ' ');
    }
}
