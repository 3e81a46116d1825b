package org.atoll.plugin.mysql.internal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import org.atoll.spi.ProviderException;
import org.atoll.spi.database.ServerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers under the data directory: ensured, adopted, stopped, listed, and administered one
 * operation at a time each. All state is on disk and in the processes; a new instance of this class (a
 * restarted kernel) picks up where the last one left off.
 */
final class Servers {

    /** SQL work on one server's admin session. */
    interface Work<T> {
        T apply(Admin admin) throws SQLException;
    }

    private interface Locked<T> {
        T run() throws IOException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Servers.class);
    /** One lock per server directory, shared by every provider instance in this JVM. */
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    private final Settings settings;
    private final Mariadbd mariadbd;
    /** Why the last ensureServer of a server failed; cleared by its next success or removal. */
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    Servers(Settings settings) {
        this.settings = settings;
        this.mariadbd = new Mariadbd(settings);
    }

    ServerStatus ensure(String name, InetAddress address, String shownAddress, int port) {
        ServerHome h = home(name);
        Deadline deadline = Deadline.after(settings.timeout());
        try {
            ServerStatus s = locked(h, deadline, () -> ensureLocked(h, address, shownAddress, port, deadline));
            failures.remove(name);
            return s;
        } catch (ProviderException e) {
            failures.put(name, e.getMessage());
            throw e;
        }
    }

    private ServerStatus ensureLocked(ServerHome h, InetAddress address, String shownAddress, int port,
            Deadline deadline) throws IOException {
        requireServerBinary();
        h.createDirectory();
        List<String> args = mariadbd.args(h, address, port);
        Optional<Mariadbd.Running> running = mariadbd.find(h);
        if (!h.initialised()) {
            if (running.isPresent()) {
                throw new ProviderException("mysql server " + h.name() + ": process " + running.get().pid()
                        + " runs on " + h.data() + ", which does not exist", false);
            }
            h.newAdminCredentials();
            mariadbd.initialise(h, deadline);
            LOG.info("mysql server {}: initialised {}", h.name(), h.data());
        } else if (h.adminPassword().isEmpty()) {
            if (running.isPresent()) {
                throw new ProviderException("mysql server " + h.name() + " runs (process " + running.get().pid()
                        + ") but its admin password file " + h.adminPasswordFile() + " is missing: remove the server"
                        + " keeping its data, then ensure it again to reset the admin account", false);
            }
            h.newAdminCredentials();
            LOG.warn("mysql server {}: admin password file missing; the admin account is reset at this start",
                    h.name());
        }
        if (running.isPresent() && !Mariadbd.sameArgs(running.get().args(), args)) {
            LOG.info("mysql server {}: restarting process {} to listen on {}:{}", h.name(), running.get().pid(),
                    shownAddress, port);
            mariadbd.stop(h, running.get(), deadline);
            running = Optional.empty();
        }
        h.recordEndpoint(shownAddress, port);
        if (running.isPresent()) {
            Readiness.await(h, port, deadline, null, 0, settings.timeout());
            if (seen.add(h.name())) {
                LOG.info("mysql server {}: adopted running process {} on {}:{}", h.name(), running.get().pid(),
                        shownAddress, port);
            }
        } else {
            long offset = Mariadbd.size(h.errorLog());
            Process p = mariadbd.start(h, args);
            Readiness.await(h, port, deadline, p, offset, settings.timeout());
            seen.add(h.name());
            LOG.info("mysql server {}: started process {} on {}:{}", h.name(),
                    mariadbd.find(h).map(Mariadbd.Running::pid).orElse(p.pid()), shownAddress, port);
        }
        if (h.adminSetUpPending()) {
            h.adminSetUpDone();
        }
        return new ServerStatus(h.name(), true, shownAddress, port, "");
    }

    void remove(String name, boolean deleteData) {
        ServerHome h = home(name);
        if (!h.exists()) {
            failures.remove(name);
            return;
        }
        Deadline deadline = Deadline.after(settings.timeout());
        locked(h, deadline, () -> {
            Optional<Mariadbd.Running> running = mariadbd.find(h);
            if (running.isPresent()) {
                mariadbd.stop(h, running.get(), deadline);
                LOG.info("mysql server {}: stopped process {}", name, running.get().pid());
            }
            if (deleteData) {
                Path socket = h.socket();
                Mariadbd.deleteTree(h.dir());
                Files.deleteIfExists(socket);
                LOG.info("mysql server {}: deleted {}", name, h.dir());
            }
            return null;
        });
        failures.remove(name);
        seen.remove(name);
    }

    List<ServerStatus> list() {
        Path root = settings.dataDirectory();
        if (!Files.isDirectory(root)) {
            return List.of();
        }
        List<String> names;
        try (Stream<Path> dirs = Files.list(root)) {
            names = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new ProviderException("cannot list " + root + ": " + e.getMessage(), true, e);
        }
        List<ServerStatus> all = new ArrayList<>();
        for (String n : names) {
            try {
                Names.server(n);
            } catch (ProviderException e) {
                continue;
            }
            ServerHome h = home(n);
            Optional<ServerHome.Endpoint> ep = h.endpoint();
            if (ep.isEmpty() && !h.initialised()) {
                continue;
            }
            String address = ep.map(ServerHome.Endpoint::address).orElse("");
            int port = ep.map(ServerHome.Endpoint::port).orElse(0);
            all.add(Readiness.status(mariadbd, h, address, port));
        }
        return all;
    }

    /** Runs {@code work} on the admin session of a running server. */
    <T> T withAdmin(String name, String what, Work<T> work, String secret) {
        ServerHome h = home(name);
        if (!h.initialised()) {
            throw new ProviderException(what + ": there is no mysql server " + name + " (ensureServer creates it)",
                    false);
        }
        Deadline deadline = Deadline.after(settings.timeout());
        return locked(h, deadline, () -> {
            Optional<Mariadbd.Running> running = mariadbd.find(h);
            if (running.isEmpty()) {
                throw new ProviderException(what + ": mysql server " + name + " is " + mariadbd.whyNotRunning(h)
                        + " (ensureServer starts it)", true);
            }
            int port = port(running.get());
            String password = adminPassword(h);
            try (Admin a = Admin.connect(name, port, password, deadline.remaining())) {
                return work.apply(a);
            } catch (SQLException e) {
                throw Failures.sql(what, e, secret, password);
            }
        });
    }

    /** Why servers failed to be ensured, for the provider's status. */
    Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    boolean initialised(String name) {
        return home(name).initialised();
    }

    private ServerHome home(String name) {
        return new ServerHome(settings.dataDirectory(), name);
    }

    private void requireServerBinary() {
        if (!Files.isExecutable(settings.serverBinary())) {
            throw new ProviderException("no MariaDB server at " + settings.serverBinary()
                    + " (apt-get install mariadb-server, or set binary.directory)", false);
        }
    }

    static String adminPassword(ServerHome h) throws IOException {
        return h.adminPassword().orElseThrow(() -> new ProviderException("mysql server " + h.name()
                + ": the admin password file " + h.adminPasswordFile() + " is missing", false));
    }

    private static int port(Mariadbd.Running r) {
        return r.args().stream().filter(a -> a.startsWith("--port=")).findFirst()
                .map(a -> Integer.parseInt(a.substring("--port=".length())))
                .orElse(3306);
    }

    private static <T> T locked(ServerHome h, Deadline deadline, Locked<T> body) {
        ReentrantLock lock = LOCKS.computeIfAbsent(h.dir(), d -> new ReentrantLock());
        try {
            if (!lock.tryLock(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ProviderException("mysql server " + h.name() + " is busy with another operation", true);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting for mysql server " + h.name(), true);
        }
        try {
            return body.run();
        } catch (IOException e) {
            throw new ProviderException("mysql server " + h.name() + ": " + e.getMessage(), true, e);
        } finally {
            lock.unlock();
        }
    }
}
