package org.atoll.plugin.postgresql.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import org.atoll.spi.ProviderException;

/**
 * Installs a server's pg_hba.conf: rendered from the record, written to a temporary file and renamed over the
 * old one, checked by the server's own parser ({@code pg_hba_file_rules}), then reloaded. A file the server
 * finds fault with is replaced by the previous one again. {@link #apply} returns only once connections
 * opened from then on are checked against the new rules.
 */
final class HbaFile {

    private final OsFiles files;
    private final Admin admin;

    HbaFile(OsFiles files, Admin admin) {
        this.files = files;
        this.admin = admin;
    }

    String render(ServerDir dir, List<Grant> grants) {
        return Hba.render(dir.name(), admin.superuser(), grants);
    }

    /** Writes the file if its content differs; for a server that is not running. Returns whether it changed. */
    boolean write(ServerDir dir, List<Grant> grants) throws IOException {
        String wanted = render(dir, grants);
        if (wanted.equals(current(dir))) {
            return false;
        }
        files.writePrivate(dir.hba(), wanted.getBytes(StandardCharsets.UTF_8));
        return true;
    }

    /** Writes, checks and reloads the file on a running server; nothing happens when it is already in force. */
    void apply(ServerDir dir, Connection c, int port, List<Grant> grants, Deadline deadline)
            throws IOException, SQLException {
        String previous = current(dir);
        String wanted = render(dir, grants);
        if (wanted.equals(previous) && !pendingReload(dir, c)) {
            return;
        }
        files.writePrivate(dir.hba(), wanted.getBytes(StandardCharsets.UTF_8));
        List<String> errors = errors(c);
        if (!errors.isEmpty()) {
            if (previous != null) {
                files.writePrivate(dir.hba(), previous.getBytes(StandardCharsets.UTF_8));
            }
            throw new ProviderException("server " + dir.name() + ": PostgreSQL rejected the generated pg_hba.conf, "
                    + "the previous one was kept: " + String.join("; ", errors), false);
        }
        reload(dir, c, port, deadline);
    }

    private String current(ServerDir dir) throws IOException {
        try {
            return Files.readString(dir.hba(), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** Whether the file on disk is newer than the server's last configuration load (an earlier reload failed). */
    private static boolean pendingReload(ServerDir dir, Connection c) throws IOException, SQLException {
        return Files.getLastModifiedTime(dir.hba()).toInstant().isAfter(loadTime(c).toInstant());
    }

    private static List<String> errors(Connection c) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT line_number, error FROM pg_catalog.pg_hba_file_rules WHERE error IS NOT NULL")) {
            while (rs.next()) {
                out.add("line " + rs.getInt(1) + ": " + rs.getString(2));
            }
        }
        return out;
    }

    /**
     * Signals the reload and waits until a new session reports a later configuration load time: the postmaster
     * reads pg_hba.conf in the same signal handler that sets that time, before it forks the next backend.
     */
    private void reload(ServerDir dir, Connection c, int port, Deadline deadline) throws SQLException {
        Timestamp before = loadTime(c);
        try (Statement s = c.createStatement()) {
            s.execute("SELECT pg_catalog.pg_reload_conf()");
        }
        long backoff = 5;
        while (true) {
            try (Connection fresh = admin.open(dir, port)) {
                if (loadTime(fresh).after(before)) {
                    return;
                }
            }
            if (deadline.expired()) {
                throw new ProviderException("server " + dir.name() + ": pg_hba.conf was written but the reload was "
                        + "not seen within " + deadline.total().toSeconds() + " s", true);
            }
            deadline.pause(backoff);
            backoff = Math.min(100, backoff * 2);
        }
    }

    private static Timestamp loadTime(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_catalog.pg_conf_load_time()")) {
            rs.next();
            return rs.getTimestamp(1);
        }
    }
}
