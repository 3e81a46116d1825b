package org.atoll.plugin.nginx.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.Stream;

/** Processes as Linux's /proc shows them; every method answers for a process that is gone. */
final class Procs {

    private static final Path PROC = Path.of("/proc");

    private Procs() {
    }

    /** Exists and is not a zombie (a dead child nobody reaped yet). */
    static boolean alive(long pid) {
        try {
            String stat = Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
            int end = stat.lastIndexOf(')');
            char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : '?';
            return state != 'Z' && state != 'X' && state != 'x';
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Its command line with the NULs between arguments as spaces; empty when it is gone. nginx rewrites
     * its own: "nginx: master process /usr/sbin/nginx -p … -c …", "nginx: worker process".
     */
    static String cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            int n = raw.length;
            while (n > 0 && raw[n - 1] == 0) {
                n--;
            }
            for (int i = 0; i < n; i++) {
                if (raw[i] == 0) {
                    raw[i] = ' ';
                }
            }
            return new String(raw, 0, n, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    /** Waiting for a signal (nginx's master between events), as far as /proc/PID/wchan tells. */
    static boolean idle(long pid) {
        try {
            return Files.readString(PROC.resolve(Long.toString(pid)).resolve("wchan"), StandardCharsets.US_ASCII)
                    .contains("sigsuspend");
        } catch (IOException e) {
            return false;
        }
    }

    /** The live children of {@code pid}. */
    static List<Long> children(long pid) {
        return ProcessHandle.of(pid).map(h -> h.children().map(ProcessHandle::pid).filter(Procs::alive).toList())
                .orElse(List.of());
    }

    /** Every process id in /proc now. */
    static List<Long> all() {
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.isEmpty() && n.chars().allMatch(Character::isDigit))
                    .map(Long::valueOf)
                    .toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    static OptionalLong readPid(Path pidFile) {
        try {
            String s = Files.readString(pidFile, StandardCharsets.US_ASCII).strip();
            long pid = Long.parseLong(s);
            return pid > 1 ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
