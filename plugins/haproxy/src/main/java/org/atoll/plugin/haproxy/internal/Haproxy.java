package org.atoll.plugin.haproxy.internal;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

import org.atoll.spi.ProviderException;

/**
 * The HAProxy processes: the configuration checker, and one master-worker process per proxy, started
 * in a session of its own (it outlives the JVM and never gets a terminal's signals), found again
 * through its pid file and command line, reloaded over its master CLI, stopped by signals. Every
 * process is started from an argument list, never through a shell; no secret is ever an argument.
 */
final class Haproxy {

    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final long POLL_MILLIS = 20;

    private final Settings settings;

    Haproxy(Settings settings) {
        this.settings = settings;
    }

    List<String> args(ProxyHome h) {
        return List.of(settings.binary().toString(), "-W", "-S", h.masterSocket() + ",mode,600", "-f",
                h.config().toString(), "-p", h.pidFile().toString());
    }

    /** {@code haproxy -c}: nothing when valid; a non-retryable failure carrying the checker's alerts otherwise. */
    void check(ProxyHome h, Path config, Deadline deadline) {
        List<String> cmd = List.of(settings.binary().toString(), "-c", "-f", config.toString());
        Path out = h.scratch().resolve("check.log");
        try {
            Process p = builder(cmd, h).redirectOutput(out.toFile()).start();
            if (!p.waitFor(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new ProviderException("checking the configuration of haproxy proxy " + h.name()
                        + " took longer than the timeout", true);
            }
            if (p.exitValue() != 0) {
                throw new ProviderException("haproxy proxy " + h.name() + ": the new configuration does not validate"
                        + " (haproxy -c exited with " + p.exitValue() + ")" + alerts(out, 0), false);
            }
        } catch (IOException e) {
            throw new ProviderException("cannot run " + settings.binary() + " -c: " + e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while checking haproxy proxy " + h.name(), true);
        }
    }

    /** The master of this proxy, alive now: through the pid file, else by looking at every process. */
    OptionalLong find(ProxyHome h) {
        OptionalLong pid = Procs.readPid(h.pidFile());
        if (pid.isPresent() && ours(h, pid.getAsLong())) {
            return pid;
        }
        for (long p : Procs.all()) {
            if (ours(h, p) && !ours(h, Procs.parent(p))) {
                return OptionalLong.of(p);
            }
        }
        return OptionalLong.empty();
    }

    private boolean ours(ProxyHome h, long pid) {
        List<String> args = Procs.cmdline(pid);
        int f = args.indexOf("-f");
        return !args.isEmpty() && Path.of(args.get(0)).getFileName().equals(settings.binary().getFileName())
                && args.contains("-W") && f > 0 && f + 1 < args.size()
                && args.get(f + 1).equals(h.config().toString()) && Procs.alive(pid);
    }

    /** Starts the master on the live configuration and returns its pid once a worker runs. */
    long start(ProxyHome h, Deadline deadline) {
        List<String> cmd = new ArrayList<>();
        SETSID.stream().filter(Files::isExecutable).findFirst().ifPresent(s -> cmd.add(s.toString()));
        cmd.addAll(args(h));
        long offset = size(h.log());
        Process p;
        try {
            Files.deleteIfExists(h.pidFile());
            Files.deleteIfExists(h.masterSocket());
            p = builder(cmd, h).redirectOutput(ProcessBuilder.Redirect.appendTo(h.log().toFile())).start();
        } catch (IOException e) {
            throw new ProviderException("cannot start haproxy proxy " + h.name() + ": " + e.getMessage(), true, e);
        }
        while (true) {
            OptionalLong master = find(h);
            if (master.isPresent()) {
                try {
                    MasterState s = MasterState.parse(Cli.command(h.masterSocket(), "show proc",
                            deadline.within(Duration.ofSeconds(2))));
                    if (!s.current().isEmpty()) {
                        return master.getAsLong();
                    }
                } catch (IOException e) {
                    // not listening yet
                }
            }
            if (!p.isAlive() && find(h).isEmpty()) {
                throw new ProviderException("haproxy proxy " + h.name() + " did not start" + alerts(h.log(), offset), true);
            }
            if (deadline.passed() || !deadline.pause(POLL_MILLIS)) {
                throw new ProviderException("haproxy proxy " + h.name() + " did not start in time" + alerts(h.log(), offset),
                        true);
            }
        }
    }

    MasterState state(ProxyHome h, Deadline deadline) {
        try {
            return MasterState.parse(Cli.command(h.masterSocket(), "show proc", deadline));
        } catch (IOException e) {
            throw new ProviderException("haproxy proxy " + h.name() + ": its master CLI does not answer: "
                    + e.getMessage(), true, e);
        }
    }

    /**
     * Reloads over the master CLI and returns once a new worker runs the live configuration; a reload the
     * master reports as failed (the old worker keeps serving) is a retryable failure carrying its alerts.
     */
    void reload(ProxyHome h, Deadline deadline) {
        MasterState before = state(h, deadline);
        long offset = size(h.log());
        try {
            Cli.command(h.masterSocket(), "reload", deadline.within(Duration.ofSeconds(2)));
        } catch (IOException e) {
            // the master re-executes itself and may close the connection without an answer
        }
        while (true) {
            try {
                MasterState s = MasterState.parse(Cli.command(h.masterSocket(), "show proc",
                        deadline.within(Duration.ofSeconds(2))));
                if (s.reloads() > before.reloads()) {
                    if (s.failed() > 0) {
                        throw new ProviderException("haproxy proxy " + h.name() + ": the reload failed; the previous"
                                + " configuration keeps serving" + alerts(h.log(), offset), true);
                    }
                    if (s.current().stream().anyMatch(w -> !before.current().contains(w))) {
                        return;
                    }
                }
            } catch (IOException e) {
                // re-executing
            }
            if (deadline.passed() || !deadline.pause(POLL_MILLIS)) {
                throw new ProviderException("haproxy proxy " + h.name() + ": the reload did not complete in time"
                        + alerts(h.log(), offset), true);
            }
        }
    }

    /** Soft stop (SIGUSR1: workers finish their requests), then SIGKILL for it and its workers at the deadline. */
    void stop(ProxyHome h, long pid, Deadline deadline) {
        List<Long> family = new ArrayList<>(Procs.descendants(pid));
        family.add(0, pid);
        try {
            Process kill = new ProcessBuilder("kill", "-USR1", Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS);
        } catch (IOException e) {
            Procs.signal(pid, false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!awaitGone(family, deadline)) {
            family.forEach(p -> Procs.signal(p, true));
            if (!awaitGone(family, Deadline.after(Duration.ofSeconds(10)))) {
                throw new ProviderException("haproxy proxy " + h.name() + " (process " + pid + ") survived SIGKILL",
                        true);
            }
        }
    }

    private static boolean awaitGone(List<Long> pids, Deadline deadline) {
        while (pids.stream().anyMatch(Procs::alive)) {
            if (deadline.passed() || !deadline.pause(POLL_MILLIS)) {
                return pids.stream().noneMatch(Procs::alive);
            }
        }
        return true;
    }

    /** The ALERT lines HAProxy wrote to {@code log} past {@code offset}, for a message. */
    static String alerts(Path log, long offset) {
        try {
            byte[] all = Files.readAllBytes(log);
            int from = (int) Math.min(Math.max(offset, 0), all.length);
            List<String> lines = new String(all, from, all.length - from, StandardCharsets.UTF_8).lines()
                    .filter(l -> l.contains("[ALERT]"))
                    .map(l -> l.replaceFirst("^.*?\\[ALERT\\]\\s*\\(\\d+\\)\\s*:\\s*", ""))
                    .filter(l -> !l.startsWith("config : Fatal errors") && !l.startsWith("config : Error(s) found"))
                    .map(l -> Checks.printable(l, 600))
                    .toList();
            List<String> last = lines.subList(Math.max(0, lines.size() - 5), lines.size());
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

    private static ProcessBuilder builder(List<String> cmd, ProxyHome h) {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(h.dir().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().put("LC_ALL", "C");
        return pb;
    }
}
