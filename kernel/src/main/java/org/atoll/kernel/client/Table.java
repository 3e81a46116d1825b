package org.atoll.kernel.client;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Plain columns two spaces apart, without trailing blanks; text from the server is made safe for a terminal. */
final class Table {

    private final String[] header;
    private final int columns;
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        this.header = header;
        this.columns = header.length;
    }

    /** A table without a header line. */
    Table(int columns) {
        this.header = null;
        this.columns = columns;
    }

    void add(Object... cells) {
        if (cells.length != columns) {
            throw new IllegalArgumentException(cells.length + " cells for " + columns + " columns");
        }
        String[] row = new String[columns];
        for (int i = 0; i < columns; i++) {
            row[i] = clean(RemoteCli.text(cells[i]), false);
        }
        rows.add(row);
    }

    void print(PrintStream out) {
        print(out, "");
    }

    void print(PrintStream out, String indent) {
        List<String[]> all = new ArrayList<>();
        if (header != null) {
            all.add(header);
        }
        all.addAll(rows);
        int[] width = new int[columns];
        for (String[] row : all) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : all) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < columns; i++) {
                line.append(row[i]).append(" ".repeat(width[i] - row[i].length() + 2));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /**
     * The text with control characters (which could move a terminal's cursor or change its title) replaced
     * by '?'; line breaks are kept when asked, else become spaces.
     */
    static String clean(String text, boolean keepLines) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\t') {
                out.append(keepLines ? c : ' ');
            } else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
                out.append('?');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
