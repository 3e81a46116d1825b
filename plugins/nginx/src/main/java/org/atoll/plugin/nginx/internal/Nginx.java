package org.atoll.plugin.nginx.internal;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import org.atoll.spi.ProviderException;

/**
 * The nginx processes of proxies: checking a configuration with {@code nginx -t}, starting a master in a
 * session of its own (it daemonises and outlives the JVM), finding it again by pid file and command
 * line, reloading it with SIGHUP and confirming the reload, stopping it. Every process is started from
 * an argument list, never through a shell.
 */
final class Nginx {

    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final List<Path> KILL = List.of(Path.of("/bin/kill"), Path.of("/usr/bin/kill"));
    private static final String MASTER = "nginx: master process ";
    private static final String WORKER = "nginx: worker process";
    private static final Pattern FATAL = Pattern.compile("\\[(emerg|alert|crit)\\]");
    private static final long POLL_MILLIS = 10;
    /** When the master's state cannot be read: how long after its first error line it is taken to be done. */
    private static final long REFUSAL_SETTLE_NANOS = 4_000_000_000L;

    private final Path binary;

    Nginx(Path binary) {
        this.binary = binary;
    }

    /** {@code nginx -t} on the configuration in {@code prefix}; the error lines when it fails, empty when it passes. */
    Optional<String> test(Path prefix, Deadline deadline) {
        Path out = prefix.resolve("check.log");
        Process p = run(List.of(binary.toString(), "-t", "-q", "-p", prefix + "/", "-c",
                prefix.resolve(ProxyHome.CONF).toString(), "-e", prefix.resolve("error.log").toString()), prefix, out);
        int exit = await(p, deadline, "checking a configuration");
        return exit == 0 ? Optional.empty() : Optional.of(errors(out, 0, null).orElse("nginx -t exited with " + exit));
    }

    /** Starts the master of {@code h}; returns its pid once its {@code expected} workers run. */
    long start(ProxyHome h, int expected, Deadline deadline) {
        List<String> cmd = new ArrayList<>();
        SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(s -> cmd.add(s.toString()));
        cmd.addAll(List.of(binary.toString(), "-p", h.dir() + "/", "-c", h.conf().toString(), "-e",
                h.errorLog().toString()));
        long offset = size(h.consoleLog());
        try {
            Files.deleteIfExists(h.pidFile());
        } catch (IOException e) {
            throw new ProviderException("cannot start nginx proxy " + h.name() + ": " + e.getMessage(), true, e);
        }
        int exit = await(run(cmd, h.dir(), h.consoleLog()), deadline, "starting nginx proxy " + h.name());
        if (exit != 0) {
            throw new ProviderException("nginx proxy " + h.name() + " did not start: "
                    + errors(h.consoleLog(), offset, null).orElse("nginx exited with " + exit), false);
        }
        while (true) {
            OptionalLong pid = Procs.readPid(h.pidFile());
            if (pid.isPresent() && ours(h, pid.getAsLong()) && workers(pid.getAsLong()).size() >= expected) {
                return pid.getAsLong();
            }
            if (deadline.passed() || !deadline.pause(POLL_MILLIS)) {
                throw new ProviderException("nginx proxy " + h.name() + " did not come up within the timeout", true);
            }
        }
    }

    /**
     * SIGHUP, then waits until the new configuration serves: {@code expected} new workers run and every
     * old one has stopped accepting (it retitles itself before it closes its listening sockets, in one
     * step of its event loop). When the master instead logs why it refused the configuration, it keeps
     * the old one; its error lines are thrown once it is idle again (a refused bind is retried for ~2.5 s).
     */
    void reload(ProxyHome h, long master, int expected, Deadline deadline) {
        long offset = size(h.errorLog());
        Set<Long> before = new HashSet<>(Procs.children(master));
        signal(master, "HUP", deadline);
        long refusedAt = 0;
        while (true) {
            Set<Long> fresh = workers(master);
            boolean oldAccepting = fresh.removeAll(before);
            if (fresh.size() >= expected && !oldAccepting) {
                return;
            }
            Optional<String> refused = errors(h.errorLog(), offset, master);
            if (refused.isPresent()) {
                refusedAt = refusedAt == 0 ? System.nanoTime() : refusedAt;
                if (Procs.idle(master) || System.nanoTime() - refusedAt > REFUSAL_SETTLE_NANOS) {
                    throw new ProviderException("nginx proxy " + h.name() + " refused the new configuration and"
                            + " keeps the previous one: " + errors(h.errorLog(), offset, master).orElseThrow(), false);
                }
            }
            if (!Procs.alive(master)) {
                throw new ProviderException("nginx proxy " + h.name() + " (process " + master + ") exited while"
                        + " reloading", true);
            }
            if (deadline.passed() || !deadline.pause(POLL_MILLIS)) {
                throw new ProviderException("nginx proxy " + h.name() + " did not confirm the reload within the"
                        + " timeout", true);
            }
        }
    }

    /**
     * Graceful (SIGQUIT: in-flight requests finish), then SIGKILL after the deadline: the master is stopped
     * first (SIGSTOP), so that it cannot replace a killed worker with one nobody would kill.
     */
    void stop(ProxyHome h, long master, Deadline deadline) {
        Set<Long> all = new HashSet<>(Procs.children(master));
        all.add(master);
        try {
            signal(master, "QUIT", deadline);
        } catch (ProviderException e) {
            // SIGKILL below
        }
        if (!awaitGone(all, deadline)) {
            Deadline last = Deadline.after(java.time.Duration.ofSeconds(5));
            try {
                signal(master, "STOP", last);
            } catch (ProviderException e) {
                // killed anyway
            }
            all.addAll(Procs.children(master));
            all.stream().filter(pid -> pid != master).forEach(Nginx::kill);
            kill(master);
            if (!awaitGone(all, last)) {
                throw new ProviderException("nginx proxy " + h.name() + " (process " + master + ") survived SIGKILL",
                        true);
            }
        }
    }

    private static void kill(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** The master of {@code h}: through the pid file, else by looking at every process. */
    OptionalLong find(ProxyHome h) {
        OptionalLong pid = Procs.readPid(h.pidFile());
        if (pid.isPresent() && ours(h, pid.getAsLong())) {
            return pid;
        }
        for (long p : Procs.all()) {
            if (ours(h, p)) {
                return OptionalLong.of(p);
            }
        }
        return OptionalLong.empty();
    }

    /** The workers of {@code master} that take new connections (not those shutting down). */
    static Set<Long> workers(long master) {
        Set<Long> out = new HashSet<>();
        for (long c : Procs.children(master)) {
            if (Procs.cmdline(c).equals(WORKER)) {
                out.add(c);
            }
        }
        return out;
    }

    private static boolean ours(ProxyHome h, long pid) {
        String cmd = Procs.cmdline(pid);
        return cmd.startsWith(MASTER) && cmd.contains(" -c " + h.conf() + " ") && Procs.alive(pid);
    }

    private static boolean awaitGone(Set<Long> pids, Deadline deadline) {
        while (pids.stream().anyMatch(Procs::alive)) {
            if (deadline.passed() || !deadline.pause(POLL_MILLIS)) {
                return pids.stream().noneMatch(Procs::alive);
            }
        }
        return true;
    }

    private static void signal(long pid, String signal, Deadline deadline) {
        Path kill = KILL.stream().filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new ProviderException("no kill command in " + KILL, true));
        Path dir = Path.of("/");
        int exit = await(run(List.of(kill.toString(), "-s", signal, Long.toString(pid)), dir, null), deadline,
                "signalling nginx");
        if (exit != 0) {
            throw new ProviderException("cannot send SIG" + signal + " to nginx process " + pid, true);
        }
    }

    /** The fatal lines ([emerg], [alert], [crit]) of {@code log} past {@code offset}, of {@code pid} if given. */
    static Optional<String> errors(Path log, long offset, Long pid) {
        try (InputStream in = Files.newInputStream(log)) {
            in.skipNBytes(Math.min(offset, Files.size(log)));
            List<String> lines = new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8).lines()
                    .filter(l -> FATAL.matcher(l).find())
                    .filter(l -> pid == null || l.contains("] " + pid + "#"))
                    .map(l -> l.replaceFirst("^.*?\\[(emerg|alert|crit)\\] ([0-9]+#[0-9]+: )?", "[$1] ")
                            .replaceFirst("^nginx: ", ""))
                    .distinct()
                    .toList();
            List<String> last = lines.subList(Math.max(0, lines.size() - 3), lines.size());
            return last.isEmpty() ? Optional.empty() : Optional.of(String.join(" / ", last));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    /** Starts {@code cmd} with an empty environment but PATH and LC_ALL=C, stdin from /dev/null. */
    private static Process run(List<String> cmd, Path dir, Path output) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .redirectOutput(output == null ? ProcessBuilder.Redirect.DISCARD
                        : ProcessBuilder.Redirect.appendTo(output.toFile()));
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("LC_ALL", "C");
        try {
            return pb.start();
        } catch (IOException e) {
            throw new ProviderException("cannot run " + cmd.get(0) + ": " + e.getMessage(), true, e);
        }
    }

    private static int await(Process p, Deadline deadline, String what) {
        try {
            if (!p.waitFor(Math.max(1, deadline.remaining().toMillis()), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new ProviderException(what + " took longer than the timeout", true);
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while " + what, true);
        }
    }
}
