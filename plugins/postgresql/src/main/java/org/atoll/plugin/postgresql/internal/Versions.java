package org.atoll.plugin.postgresql.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.atoll.spi.ProviderException;

/** The major version of the configured {@code postgres} binary ({@code postgres -V}), asked once per binary. */
final class Versions {

    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) ([0-9]+)");
    private static final ConcurrentHashMap<Path, String> MAJORS = new ConcurrentHashMap<>();

    private Versions() {
    }

    static String major(Settings settings, Commands commands, Deadline deadline) throws IOException {
        Path postgres = settings.binary("postgres");
        String known = MAJORS.get(postgres);
        if (known != null) {
            return known;
        }
        if (!Files.isExecutable(postgres)) {
            throw new ProviderException(postgres + " is missing: apt-get install postgresql-15 "
                    + "(or set binary.directory)", false);
        }
        Path out = Files.createTempFile("atoll-postgres-version", ".txt");
        try {
            int exit = commands.run(List.of(postgres.toString(), "-V"), Path.of("/"), out, deadline, "postgres -V");
            Matcher m = VERSION.matcher(Files.readString(out, StandardCharsets.UTF_8));
            if (exit != 0 || !m.find()) {
                throw new ProviderException(postgres + " -V did not print a PostgreSQL version", false);
            }
            MAJORS.put(postgres, m.group(1));
            return m.group(1);
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
