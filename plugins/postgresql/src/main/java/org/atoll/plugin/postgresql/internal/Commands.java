package org.atoll.plugin.postgresql.internal;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.atoll.spi.ProviderException;

/**
 * External programs, always as argument lists (never a shell), with a minimal environment (nothing of the
 * JVM's, so no secret in it can leak into a server), stdin from /dev/null and output to a file.
 */
final class Commands {

    private static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private final String osUser;

    Commands(String osUser) {
        this.osUser = osUser;
    }

    /** {@code command} as the OS user: through {@code runuser} unless this JVM already runs as that user. */
    List<String> asOsUser(List<String> command) {
        if (osUser.equals(System.getProperty("user.name"))) {
            return List.copyOf(command);
        }
        List<String> out = new ArrayList<>(List.of("runuser", "-u", osUser, "--"));
        out.addAll(command);
        return out;
    }

    /**
     * Runs {@code command} to its end, output to {@code log} (replaced; null discards it); killed if it outlasts
     * {@code deadline}.
     */
    int run(List<String> command, Path workDir, Path log, Deadline deadline, String what) {
        ProcessBuilder pb = builder(command, workDir).redirectErrorStream(true)
                .redirectOutput(log == null ? ProcessBuilder.Redirect.DISCARD
                        : ProcessBuilder.Redirect.to(log.toFile()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new ProviderException("cannot run " + what + ": " + e.getMessage(), false, e);
        }
        try {
            if (!p.waitFor(deadline.remainingMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new ProviderException(what + " did not finish within " + deadline.total().toSeconds() + " s",
                        true);
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while running " + what, true, e);
        }
    }

    /**
     * Starts {@code command} in a session of its own ({@code setsid}), detached from this JVM: no pipe to it,
     * so it outlives the JVM, a kill -9 of it, and any signal sent to the JVM's process group or terminal.
     */
    Process spawnDetached(List<String> command, Path workDir, Path log, String what) {
        List<String> argv = new ArrayList<>(List.of("setsid"));
        argv.addAll(command);
        ProcessBuilder pb = builder(argv, workDir).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            return pb.start();
        } catch (IOException e) {
            throw new ProviderException("cannot start " + what + ": " + e.getMessage(), false, e);
        }
    }

    /** Sends {@code signal} (INT, QUIT, KILL) to {@code pid}; false if the process is gone or refused. */
    boolean signal(long pid, String signal, Deadline deadline) {
        return run(List.of("kill", "-s", signal, Long.toString(pid)), Path.of("/"), null, deadline,
                "kill -s " + signal) == 0;
    }

    private static ProcessBuilder builder(List<String> argv, Path workDir) {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", PATH);
        env.put("LC_ALL", "C.UTF-8");
        return pb;
    }
}
