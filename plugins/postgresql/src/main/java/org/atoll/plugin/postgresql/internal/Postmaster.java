package org.atoll.plugin.postgresql.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What {@code postmaster.pid} says (pid, data directory, port, socket directory, first listen address,
 * state), and whether that process is really the postmaster of that data directory: its {@code /proc}
 * entry exists, is not a zombie, and its command line names the same {@code -D}. A pid file whose process
 * is gone or is someone else (the pid was reused) is stale.
 */
record Postmaster(long pid, Path dataDir, int port, String state) {

    static Optional<Postmaster> read(Path pidFile) {
        List<String> lines;
        try {
            lines = Files.readAllLines(pidFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
        try {
            long pid = Long.parseLong(lines.get(0).trim());
            Path dir = Path.of(lines.get(1).trim());
            int port = lines.size() > 3 ? Integer.parseInt(lines.get(3).trim()) : 0;
            String state = lines.size() > 7 ? lines.get(7).trim() : "";
            return Optional.of(new Postmaster(pid, dir, port, state));
        } catch (RuntimeException e) {
            // Half-written (the postmaster is starting) or garbage: treated as a pid file without a live owner.
            return Optional.of(new Postmaster(-1, pidFile.getParent(), 0, ""));
        }
    }

    boolean ready() {
        return state.equals("ready");
    }

    boolean alive() {
        return pid > 0 && isPostmasterOf(pid, dataDir);
    }

    static boolean isPostmasterOf(long pid, Path dataDir) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            if (!exists(pid)) {
                return false;
            }
            String[] args = new String(Files.readAllBytes(proc.resolve("cmdline")), StandardCharsets.UTF_8).split("\0");
            for (int i = 0; i + 1 < args.length; i++) {
                if (args[i].equals("-D") && Path.of(args[i + 1]).normalize().equals(dataDir.normalize())) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** The processes whose parent is {@code pid}: a postmaster's backends and auxiliary processes. */
    static List<Long> children(long pid) {
        List<Long> out = new ArrayList<>();
        try (var dirs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString().matches("[0-9]+"))) {
            for (Path p : dirs) {
                try {
                    String stat = Files.readString(p.resolve("stat"), StandardCharsets.UTF_8);
                    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(rest[1]) == pid) {
                        out.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // gone meanwhile
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to wait for
        }
        return out;
    }

    /** Whether {@code pid} is a process that has not exited (zombies, which only wait to be reaped, have). */
    static boolean exists(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            int close = stat.lastIndexOf(')');
            return close > 0 && stat.length() > close + 2 && stat.charAt(close + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
