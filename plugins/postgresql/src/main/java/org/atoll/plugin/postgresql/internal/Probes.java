package org.atoll.plugin.postgresql.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.atoll.spi.database.ServerStatus;

/** Looks at a server without changing it: its state for {@code servers()}, a TCP probe, the end of a log. */
final class Probes {

    private Probes() {
    }

    /** What {@code servers()} reports: never waits longer than one short connect. */
    static ServerStatus inspect(ServerDir dir) {
        Optional<ServerDir.Started> s;
        try {
            s = dir.started();
        } catch (IOException e) {
            s = Optional.empty();
        }
        String address = s.map(ServerDir.Started::address).orElse("");
        int port = s.map(ServerDir.Started::port).orElse(0);
        if (!dir.initialised()) {
            return new ServerStatus(dir.name(), false, address, port, "not initialised");
        }
        Optional<Postmaster> pm = Postmaster.read(dir.pidFile());
        String why;
        if (pm.isEmpty()) {
            why = "stopped";
        } else if (!pm.get().alive()) {
            why = "not running: postmaster.pid names process " + pm.get().pid() + ", which is gone (stale)";
        } else if (!pm.get().ready()) {
            why = "postmaster " + pm.get().pid() + " is "
                    + (pm.get().state().isEmpty() ? "starting" : pm.get().state());
        } else if (!listens("127.0.0.1", pm.get().port())) {
            why = "postmaster " + pm.get().pid() + " does not accept connections on 127.0.0.1:" + pm.get().port();
        } else {
            return new ServerStatus(dir.name(), true, address, port, "");
        }
        return new ServerStatus(dir.name(), false, address, port, why);
    }

    static boolean listens(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last lines of a log this plugin's processes wrote; they never contain a password. */
    /** The most recently written file of a log directory (the logging collector's current file). */
    static java.util.Optional<Path> newest(Path dir) {
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            return files.filter(Files::isRegularFile)
                    .max(java.util.Comparator.comparingLong(f -> f.toFile().lastModified()));
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            List<String> last = new ArrayList<>(lines.subList(Math.max(0, lines.size() - 4), lines.size()));
            last.removeIf(String::isBlank);
            return last.isEmpty() ? "(" + log.getFileName() + " is empty)" : String.join(" / ", last).strip();
        } catch (IOException e) {
            return "(no " + log.getFileName() + ")";
        }
    }
}
