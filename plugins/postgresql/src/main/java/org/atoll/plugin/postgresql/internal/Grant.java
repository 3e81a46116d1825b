package org.atoll.plugin.postgresql.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One database of a server in the plugin's own record ({@link ServerDir#databases()}): who owns it and where
 * that user may connect from. pg_hba.conf is rendered from these and nothing else.
 */
record Grant(String database, String user, Cidr cidr) {

    private static final Logger LOG = LoggerFactory.getLogger(Grant.class);

    static List<Grant> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        List<Grant> out = new ArrayList<>();
        for (String line : lines) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            String[] f = l.split("\\s+");
            try {
                if (f.length != 3) {
                    throw Names.refused("expected DATABASE USER CIDR");
                }
                out.add(new Grant(Names.database(f[0]), Names.user(f[1], ""), Cidr.parse(f[2])));
            } catch (RuntimeException e) {
                LOG.warn("Ignoring line '{}' of {}: {}", Names.shown(l), file, e.getMessage());
            }
        }
        return sorted(out);
    }

    static void write(OsFiles files, Path file, List<Grant> grants) throws IOException {
        StringBuilder b = new StringBuilder("# Databases of this server, written by Atoll: DATABASE USER CIDR\n");
        for (Grant g : sorted(grants)) {
            b.append(g.database).append(' ').append(g.user).append(' ').append(g.cidr).append('\n');
        }
        files.writePrivate(file, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code grants} without {@code database}, plus {@code replacement} when not null. */
    static List<Grant> with(List<Grant> grants, String database, Grant replacement) {
        List<Grant> out = new ArrayList<>();
        for (Grant g : grants) {
            if (!g.database.equals(database)) {
                out.add(g);
            }
        }
        if (replacement != null) {
            out.add(replacement);
        }
        return sorted(out);
    }

    private static List<Grant> sorted(List<Grant> grants) {
        List<Grant> s = new ArrayList<>(grants);
        s.sort(Comparator.comparing(Grant::database));
        return List.copyOf(s);
    }
}
