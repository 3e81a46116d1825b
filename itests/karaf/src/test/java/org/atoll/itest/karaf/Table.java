package org.atoll.itest.karaf;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A table as Karaf's ShellTable prints it: cells split by " | " (formatted) or tabs
 * ({@code --no-format}); separator lines and blank lines are dropped.
 */
final class Table {

    private static final Pattern RULE = Pattern.compile("^[-+=\\s]+$");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[;\\d]*m");

    final List<List<String>> rows;

    private Table(List<List<String>> rows) {
        this.rows = rows;
    }

    static Table parse(String output) {
        List<List<String>> rows = new ArrayList<>();
        for (String raw : ANSI.matcher(output).replaceAll("").split("\\R")) {
            if (raw.isBlank() || RULE.matcher(raw).matches()) {
                continue;
            }
            String[] cells = raw.contains("\t") ? raw.split("\t", -1) : raw.split("\\|", -1);
            List<String> row = new ArrayList<>();
            for (String cell : cells) {
                row.add(cell.strip());
            }
            rows.add(row);
        }
        return new Table(rows);
    }

    /** Rows whose first cell is {@code key}. */
    List<List<String>> rowsWith(String key) {
        List<List<String>> found = new ArrayList<>();
        for (List<String> row : rows) {
            if (!row.isEmpty() && row.get(0).equals(key)) {
                found.add(row);
            }
        }
        return found;
    }

    /** The first row whose first cell is {@code first} and second cell is {@code second}. */
    Optional<List<String>> row(String first, String second) {
        return rowsWith(first).stream().filter(r -> r.size() > 1 && r.get(1).equals(second)).findFirst();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        rows.forEach(r -> text.append(r).append('\n'));
        return text.toString();
    }
}
