package org.atoll.plugin.mysql.internal;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.atoll.spi.ProviderException;

/**
 * The MariaDB processes: initialising a datadir, starting mariadbd in a session of its own (so that it
 * outlives the JVM and never gets a terminal's signals), finding a running one again, stopping it.
 * Every process is started from an argument list, never through a shell; no secret is ever an argument.
 */
final class Mariadbd {

    /** A mariadbd of one server's datadir, alive now. */
    record Running(long pid, List<String> args) {
    }

    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final String INIT_FILE = "--init-file=";
    private static final long POLL_MILLIS = 25;

    private final Settings settings;
    private final boolean root;

    Mariadbd(Settings settings) {
        this.settings = settings;
        this.root = runningAsRoot();
    }

    /** The arguments the server runs with (without the one-off --init-file). */
    List<String> args(ServerHome h, InetAddress address, int port) {
        List<String> args = new ArrayList<>();
        args.add(settings.serverBinary().toString());
        args.add("--no-defaults");
        if (root) {
            args.add("--user=root");
        }
        args.add("--datadir=" + h.data());
        args.add("--socket=" + h.socket());
        args.add("--port=" + port);
        args.add("--bind-address=" + bindAddresses(address));
        args.add("--skip-name-resolve");
        args.add("--pid-file=" + h.pidFile());
        args.add("--log-error=" + h.errorLog());
        return args;
    }

    /** The address asked for, plus 127.0.0.1 where this provider administers the server. */
    static String bindAddresses(InetAddress address) {
        String a = address.getHostAddress();
        if (address.isAnyLocalAddress() || a.equals(Admin.HOST)) {
            return a;
        }
        return a + "," + Admin.HOST;
    }

    static boolean sameArgs(List<String> running, List<String> wanted) {
        return withoutInitFile(running).equals(withoutInitFile(wanted));
    }

    /** The mariadbd of this datadir: through the pid file, else by looking at every process. */
    Optional<Running> find(ServerHome h) {
        OptionalLong pid = Procs.readPid(h.pidFile());
        if (pid.isPresent()) {
            Optional<Running> r = ours(h, pid.getAsLong());
            if (r.isPresent()) {
                return r;
            }
        }
        for (long p : Procs.all()) {
            Optional<Running> r = ours(h, p);
            if (r.isPresent()) {
                return r;
            }
        }
        return Optional.empty();
    }

    /** Why {@link #find} found nothing, for a status message. */
    String whyNotRunning(ServerHome h) {
        if (!h.initialised()) {
            return "not initialised";
        }
        OptionalLong pid = Procs.readPid(h.pidFile());
        if (pid.isEmpty()) {
            return "not running (no pid file)";
        }
        if (!Procs.alive(pid.getAsLong())) {
            return "not running (stale pid file: process " + pid.getAsLong() + " is gone)";
        }
        return "not running (stale pid file: process " + pid.getAsLong() + " is not this server's mariadbd)";
    }

    private Optional<Running> ours(ServerHome h, long pid) {
        List<String> args = Procs.cmdline(pid);
        if (args.isEmpty() || !Path.of(args.get(0)).getFileName().toString().equals(Settings.SERVER_BINARY)
                || !args.contains("--datadir=" + h.data()) || !Procs.alive(pid)) {
            return Optional.empty();
        }
        return Optional.of(new Running(pid, args));
    }

    /** mariadb-install-db into data.init, renamed to data once it succeeded: data exists only complete. */
    void initialise(ServerHome h, Deadline deadline) {
        Path install = settings.installBinary().orElseThrow(() -> new ProviderException("cannot initialise mysql"
                + " server " + h.name() + ": no " + Settings.INSTALL_BINARY + " in " + settings.binaryDirectory()
                + ", ../bin or ../scripts (apt-get install mariadb-server)", false));
        try {
            deleteTree(h.dataInProgress());
            List<String> cmd = new ArrayList<>(List.of(install.toString(), "--no-defaults",
                    "--basedir=" + settings.baseDirectory(), "--datadir=" + h.dataInProgress(),
                    "--auth-root-authentication-method=socket", "--skip-test-db", "--skip-name-resolve"));
            if (root) {
                cmd.add("--user=root");
            }
            Process p = builder(cmd, h).redirectOutput(h.installLog().toFile()).start();
            if (!p.waitFor(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new ProviderException("initialising mysql server " + h.name() + " took longer than the timeout",
                        true);
            }
            if (p.exitValue() != 0) {
                throw new ProviderException("initialising mysql server " + h.name() + " failed: "
                        + Settings.INSTALL_BINARY + " exited with " + p.exitValue() + errors(h.installLog(), 0), false);
            }
            Files.move(h.dataInProgress(), h.data(), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ProviderException("cannot initialise mysql server " + h.name() + ": " + e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while initialising mysql server " + h.name(), true);
        }
    }

    /** Starts mariadbd with {@code args}, plus --init-file while the admin set-up is pending. */
    Process start(ServerHome h, List<String> args) {
        List<String> cmd = new ArrayList<>();
        SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(s -> cmd.add(s.toString()));
        cmd.addAll(args);
        if (h.adminSetUpPending()) {
            cmd.add(INIT_FILE + h.adminInitFile());
        }
        try {
            Files.deleteIfExists(h.pidFile());
            return builder(cmd, h).redirectOutput(ProcessBuilder.Redirect.appendTo(h.consoleLog().toFile())).start();
        } catch (IOException e) {
            throw new ProviderException("cannot start mysql server " + h.name() + ": " + e.getMessage(), true, e);
        }
    }

    /** SIGTERM, then SIGKILL when it has not exited by the deadline. */
    void stop(ServerHome h, Running r, Deadline deadline) {
        Procs.signal(r.pid(), false);
        if (!awaitGone(h, r.pid(), deadline)) {
            Procs.signal(r.pid(), true);
            if (!awaitGone(h, r.pid(), Deadline.after(java.time.Duration.ofSeconds(10)))) {
                throw new ProviderException("mysql server " + h.name() + " (process " + r.pid()
                        + ") survived SIGKILL", true);
            }
        }
        OptionalLong pid = Procs.readPid(h.pidFile());
        if (pid.isPresent() && pid.getAsLong() == r.pid()) {
            try {
                Files.deleteIfExists(h.pidFile());
            } catch (IOException e) {
                // a stale pid file is recognised as such later
            }
        }
    }

    private boolean awaitGone(ServerHome h, long pid, Deadline deadline) {
        while (!exited(h, pid)) {
            if (deadline.passed() || !deadline.pause(POLL_MILLIS)) {
                return exited(h, pid);
            }
        }
        return true;
    }

    /**
     * Gone, a zombie, or the pid now belongs to another program. An exiting process shows an empty
     * command line before it releases its files (the datadir's locks, the listening socket): not yet.
     */
    private boolean exited(ServerHome h, long pid) {
        return !Procs.alive(pid) || (!Procs.cmdline(pid).isEmpty() && ours(h, pid).isEmpty());
    }

    /** The [ERROR] lines the server or installer wrote to {@code log} past {@code offset}, for a message. */
    static String errors(Path log, long offset) {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(Math.max(offset, 0), all.length);
            List<String> lines = new String(all, from, all.length - from, StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("[ERROR]") || l.startsWith("ERROR"))
                    .map(l -> l.replaceFirst("^.*?\\[ERROR\\] ", ""))
                    .toList();
            List<String> last = lines.subList(Math.max(0, lines.size() - 3), lines.size());
            return last.isEmpty() ? " (see " + log + ")" : ": " + String.join(" / ", last);
        } catch (IOException e) {
            return " (see " + log + ")";
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static ProcessBuilder builder(List<String> cmd, ServerHome h) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(h.dir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("LC_ALL", "C");
        return pb;
    }

    private static List<String> withoutInitFile(List<String> args) {
        return args.stream().filter(a -> !a.startsWith(INIT_FILE)).toList();
    }

    private static boolean runningAsRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }
}
