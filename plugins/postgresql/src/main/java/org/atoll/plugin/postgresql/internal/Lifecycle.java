package org.atoll.plugin.postgresql.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.atoll.spi.ProviderException;
import org.atoll.spi.database.ServerStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Initialises, starts, adopts and stops servers. A server is the process tree {@code setsid runuser -u USER --
 * postgres -D DIR ...}, detached from this JVM: it keeps running when the component deactivates or the JVM
 * dies, and the next {@link #ensure} adopts it through its postmaster.pid.
 */
final class Lifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Settings settings;
    private final Commands commands;
    private final OsFiles files;
    private final Admin admin;
    private final HbaFile hba;

    Lifecycle(Settings settings, Commands commands, OsFiles files, Admin admin, HbaFile hba) {
        this.settings = settings;
        this.commands = commands;
        this.files = files;
        this.admin = admin;
        this.hba = hba;
    }

    ServerStatus ensure(ServerDir dir, ServerDir.Started wanted, Deadline deadline) throws IOException, SQLException {
        if (!Files.isDirectory(settings.dataDirectory())) {
            files.privateDirectory(settings.dataDirectory());
        }
        for (Path p : List.of(dir.root(), dir.run(), dir.log())) {
            files.privateDirectory(p);
        }
        if (!dir.initialised()) {
            initialise(dir, deadline);
        }
        String version = dir.dataVersion();
        String major = Versions.major(settings, commands, deadline);
        if (!version.equals(major)) {
            throw new ProviderException("server " + dir.name() + ": its data directory was initialised by PostgreSQL "
                    + version + " but " + settings.binDirectory() + " holds PostgreSQL " + major
                    + "; upgrade it with pg_upgrade or point binary.directory at version " + version, false);
        }
        List<Grant> grants = Grant.read(dir.databases());
        Optional<Postmaster> pm = Postmaster.read(dir.pidFile());
        if (pm.isPresent() && pm.get().alive()) {
            Optional<ServerDir.Started> was = dir.started();
            if (was.isPresent() && was.get().address().equals(wanted.address()) && was.get().port() == wanted.port()) {
                Postmaster p = awaitAccepting(dir, null, deadline);
                try (Connection c = admin.open(dir, p.port())) {
                    hba.apply(dir, c, p.port(), grants, deadline);
                }
                if (!was.get().node().equals(wanted.node())) {
                    dir.recordStarted(files, wanted);
                }
                LOG.debug("PostgreSQL server {} is running (postmaster {}), adopted", dir.name(), p.pid());
                return running(dir, wanted);
            }
            LOG.info("Restarting PostgreSQL server {} to listen on {}:{}", dir.name(), wanted.address(), wanted.port());
            stop(dir);
        } else if (pm.isPresent()) {
            LOG.warn("PostgreSQL server {}: postmaster.pid names process {}, which is gone or is not its postmaster: "
                    + "stale, starting the server again", dir.name(), pm.get().pid());
        }
        hba.write(dir, grants);
        dir.recordStarted(files, wanted);
        start(dir, wanted, deadline);
        return running(dir, wanted);
    }

    /**
     * initdb into {@code data.initdb}, renamed to {@code data} only once it succeeded: a JVM killed in the middle
     * leaves a staging directory (never a server's data, so it is wiped and done again), not a half-made cluster
     * that would look initialised.
     */
    private void initialise(ServerDir dir, Deadline deadline) throws IOException {
        Path data = dir.data();
        if (Files.isDirectory(data)) {
            try (Stream<Path> s = Files.list(data)) {
                if (s.findAny().isPresent()) {
                    throw new ProviderException("server " + dir.name() + ": " + data + " holds files but no "
                            + "PG_VERSION; Atoll never initialises over existing files: restore or remove it", false);
                }
            }
            Files.delete(data);
        }
        Path staging = dir.root().resolve("data.initdb");
        OsFiles.deleteTree(staging);
        files.privateDirectory(staging);
        if (!Files.exists(dir.passwordFile())) {
            byte[] secret = new byte[32];
            RANDOM.nextBytes(secret);
            files.writePrivate(dir.passwordFile(), (Base64.getUrlEncoder().withoutPadding().encodeToString(secret)
                    + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        List<String> initdb = commands.asOsUser(List.of(settings.binary("initdb").toString(), "-D", staging.toString(),
                "--auth-local=peer", "--auth-host=scram-sha-256", "--username=" + settings.osUser(),
                "--pwfile=" + dir.passwordFile(), "--encoding=UTF8", "--locale=C.UTF-8", "--data-checksums",
                "--no-instructions"));
        int exit = commands.run(initdb, dir.root(), dir.initdbLog(), deadline, "initdb");
        if (exit != 0 || !Files.isRegularFile(staging.resolve("PG_VERSION"))) {
            String log = Probes.tail(dir.initdbLog());
            String hint = log.contains("Permission denied") ? " (every parent directory of " + dir.root()
                    + " must be searchable by the OS user " + settings.osUser() + ")" : "";
            throw new ProviderException("server " + dir.name() + ": initdb failed (exit " + exit + "): " + log + hint,
                    false);
        }
        Files.move(staging, data, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("Initialised PostgreSQL server {} in {}", dir.name(), data);
    }

    private void start(ServerDir dir, ServerDir.Started s, Deadline deadline) throws IOException {
        String listen = s.address().equals("0.0.0.0") || s.address().equals("127.0.0.1") ? s.address()
                : s.address() + ",127.0.0.1";
        List<String> postgres = commands.asOsUser(List.of(settings.binary("postgres").toString(),
                "-D", dir.data().toString(), "-p", Integer.toString(s.port()), "-k", dir.run().toString(),
                "-c", "listen_addresses=" + listen,
                "-c", "logging_collector=on",
                "-c", "log_directory=" + dir.log(),
                "-c", "log_filename=postgresql-%a.log",
                "-c", "log_truncate_on_rotation=on",
                "-c", "log_rotation_age=1d",
                "-c", "log_rotation_size=0"));
        while (true) {
            clearStale(dir);
            Process p = commands.spawnDetached(postgres, dir.root(), dir.startupLog(), "postgres");
            try {
                Postmaster pm = awaitAccepting(dir, p, deadline);
                LOG.info("Started PostgreSQL server {} (postmaster {}) on {}:{}", dir.name(), pm.pid(), s.address(),
                        s.port());
                break;
            } catch (ProviderException e) {
                // After a crash the old backends may still hold the shared memory for a moment: try again.
                if (p.isAlive() || deadline.expired()
                        || !Probes.tail(dir.startupLog()).contains("shared memory block")) {
                    throw e;
                }
                deadline.pause(200);
            }
        }
        boolean wildcardOrLoopback = s.address().equals("0.0.0.0") || s.address().equals("127.0.0.1");
        if (!wildcardOrLoopback && !Probes.listens(s.address(), s.port())) {
            stop(dir);
            throw new ProviderException("server " + dir.name() + " could not listen on " + s.address() + ":" + s.port()
                    + " (is the address configured on this host?): " + Probes.tail(dir.startupLog()), true);
        }
    }

    /** Polls until the postmaster is ready and takes the superuser's login; {@code starter} null when adopting. */
    private Postmaster awaitAccepting(ServerDir dir, Process starter, Deadline deadline) throws IOException {
        long backoff = 10;
        while (true) {
            Optional<Postmaster> pm = Postmaster.read(dir.pidFile());
            boolean alive = pm.isPresent() && pm.get().alive();
            if (alive && pm.get().ready() && admin.accepts(dir, pm.get().port())) {
                return pm.get();
            }
            if (!alive && (starter == null || !starter.isAlive())) {
                String why = starter == null ? "stopped while being adopted" : "exited while starting";
                throw new ProviderException("server " + dir.name() + " " + why + ": "
                        + Probes.tail(Probes.newest(dir.log()).orElse(dir.startupLog())), true);
            }
            if (deadline.expired()) {
                throw new ProviderException("server " + dir.name() + " did not accept connections within "
                        + deadline.total().toSeconds() + " s; see " + dir.log(), true);
            }
            deadline.pause(backoff);
            backoff = Math.min(200, backoff * 2);
        }
    }

    /**
     * Fast shutdown (SIGINT: sessions are cut, the data is checkpointed), and SIGKILL for a postmaster that
     * outlasts the timeout. Not running is fine.
     */
    void stop(ServerDir dir) {
        Optional<Postmaster> pm = Postmaster.read(dir.pidFile());
        if (pm.isEmpty() || !pm.get().alive()) {
            return;
        }
        long pid = pm.get().pid();
        List<Long> children = Postmaster.children(pid);
        Deadline deadline = Deadline.in(settings.timeout());
        commands.signal(pid, "INT", deadline);
        if (!awaitGone(pid, children, deadline)) {
            LOG.warn("PostgreSQL server {} (postmaster {}) did not stop within {} s: killing it", dir.name(), pid,
                    settings.timeout().toSeconds());
            Deadline kill = Deadline.in(java.time.Duration.ofSeconds(10));
            commands.signal(pid, "KILL", kill);
            if (!awaitGone(pid, children, kill)) {
                throw new ProviderException("server " + dir.name() + ": postmaster " + pid + " survived SIGKILL", true);
            }
        }
        LOG.info("Stopped PostgreSQL server {} (postmaster {})", dir.name(), pid);
    }

    private static boolean awaitGone(long pid, List<Long> children, Deadline deadline) {
        long backoff = 10;
        while (Postmaster.exists(pid) || children.stream().anyMatch(Postmaster::exists)) {
            if (deadline.expired()) {
                return false;
            }
            deadline.pause(backoff);
            backoff = Math.min(200, backoff * 2);
        }
        return true;
    }

    /** Removes what a dead postmaster left: its pid file and socket lock files (the socket directory is private). */
    private static void clearStale(ServerDir dir) throws IOException {
        Optional<Postmaster> pm = Postmaster.read(dir.pidFile());
        if (pm.isPresent() && pm.get().alive()) {
            return;
        }
        Files.deleteIfExists(dir.pidFile());
        try (Stream<Path> s = Files.list(dir.run())) {
            for (Path p : (Iterable<Path>) s::iterator) {
                if (p.getFileName().toString().startsWith(".s.PGSQL.")) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static ServerStatus running(ServerDir dir, ServerDir.Started s) {
        return new ServerStatus(dir.name(), true, s.address(), s.port(), "");
    }
}
