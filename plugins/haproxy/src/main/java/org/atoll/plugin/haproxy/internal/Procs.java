package org.atoll.plugin.haproxy.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
        String stat = stat(pid);
        int end = stat.lastIndexOf(')');
        char state = end >= 0 && end + 2 < stat.length() ? stat.charAt(end + 2) : 'X';
        return state != 'Z' && state != 'X' && state != 'x';
    }

    /** The parent's pid, or 0 when unknown. */
    static long parent(long pid) {
        String stat = stat(pid);
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return 0;
        }
        String[] fields = stat.substring(end + 2).split(" ");
        try {
            return fields.length > 1 ? Long.parseLong(fields[1]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Its arguments, argv[0] first; empty when it is gone or a zombie. */
    static List<String> cmdline(long pid) {
        try {
            byte[] raw = Files.readAllBytes(PROC.resolve(Long.toString(pid)).resolve("cmdline"));
            List<String> args = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    args.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (start < raw.length) {
                args.add(new String(raw, start, raw.length - start, StandardCharsets.UTF_8));
            }
            return args;
        } catch (IOException e) {
            return List.of();
        }
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

    /** SIGTERM, or SIGKILL when {@code force}. */
    static void signal(long pid, boolean force) {
        ProcessHandle.of(pid).ifPresent(h -> {
            if (force) {
                h.destroyForcibly();
            } else {
                h.destroy();
            }
        });
    }

    /** Its descendants now (haproxy workers), for a forced stop. */
    static List<Long> descendants(long pid) {
        return ProcessHandle.of(pid).map(h -> h.descendants().map(ProcessHandle::pid).toList()).orElse(List.of());
    }

    private static String stat(long pid) {
        try {
            return Files.readString(PROC.resolve(Long.toString(pid)).resolve("stat"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
