package org.atoll.plugin.mysql.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;

import org.atoll.spi.ProviderException;
import org.atoll.spi.database.ServerStatus;

/** Whether a server serves: it does when this provider's admin account logs in over 127.0.0.1. */
final class Readiness {

    /** How long one probe waits for the server's greeting: whatever listens on the port may not be MariaDB. */
    private static final Duration PROBE = Duration.ofSeconds(2);

    private Readiness() {
    }

    /**
     * Polls until the admin logs in. Fails at once when the process it started exited or the admin
     * account is refused, retryably when the deadline passes first.
     */
    static void await(ServerHome h, int port, Deadline deadline, Process started, long logOffset, Duration timeout)
            throws IOException {
        String password = Servers.adminPassword(h);
        SQLException last = null;
        while (true) {
            if (started != null && !started.isAlive() && started.exitValue() != 0) {
                String errors = Mariadbd.errors(h.errorLog(), logOffset);
                boolean address = errors.contains("Address already in use") || errors.contains("assign requested");
                throw new ProviderException("mysql server " + h.name() + " exited with " + started.exitValue()
                        + " while starting" + errors, address);
            }
            try {
                Admin.probe(port, password, PROBE);
                return;
            } catch (SQLException e) {
                if (e.getErrorCode() == Failures.ACCESS_DENIED || e.getErrorCode() == Failures.HOST_NOT_ALLOWED) {
                    throw new ProviderException("mysql server " + h.name() + " refuses this provider's admin account"
                            + " (password in " + h.adminPasswordFile() + "): " + Failures.describe(e, password), false);
                }
                last = e;
            }
            if (deadline.passed() || !deadline.pause(50)) {
                throw new ProviderException("mysql server " + h.name() + " did not accept connections on "
                        + Admin.HOST + ":" + port + " within " + timeout.toSeconds() + " s"
                        + (last == null ? "" : " (" + Failures.describe(last, password) + ")")
                        + Mariadbd.errors(h.errorLog(), logOffset), true);
            }
        }
    }

    /** The server as {@link MysqlProvisioner#servers()} reports it, with the reason when it does not serve. */
    static ServerStatus status(Mariadbd mariadbd, ServerHome h, String address, int port) {
        Optional<Mariadbd.Running> r = mariadbd.find(h);
        if (r.isEmpty()) {
            return new ServerStatus(h.name(), false, address, port, mariadbd.whyNotRunning(h));
        }
        Optional<String> password;
        try {
            password = h.adminPassword();
        } catch (IOException e) {
            return new ServerStatus(h.name(), false, address, port, "cannot read the admin password: "
                    + e.getMessage());
        }
        if (password.isEmpty()) {
            return new ServerStatus(h.name(), false, address, port, "process " + r.get().pid()
                    + " runs, but the admin password file is missing");
        }
        try {
            Admin.probe(port, password.get(), PROBE);
            return new ServerStatus(h.name(), true, address, port, "");
        } catch (SQLException e) {
            return new ServerStatus(h.name(), false, address, port, "process " + r.get().pid()
                    + " does not serve the admin account on " + Admin.HOST + ":" + port + ": "
                    + Failures.describe(e, password.get()));
        }
    }
}
