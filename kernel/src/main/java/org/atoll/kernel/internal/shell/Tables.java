package org.atoll.kernel.internal.shell;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

import org.apache.karaf.shell.support.table.ShellTable;

/** Small helpers shared by the commands' output. */
final class Tables {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    private Tables() {
    }

    static ShellTable of(String... columns) {
        ShellTable table = new ShellTable();
        for (String c : columns) {
            table.column(c);
        }
        table.emptyTableText("");
        return table;
    }

    static String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }
}
