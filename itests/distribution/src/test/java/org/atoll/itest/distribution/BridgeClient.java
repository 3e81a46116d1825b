package org.atoll.itest.distribution;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A database client that comes from the Docker bridge like a container does: a network namespace
 * whose veth is a port of {@code docker0}, with an address of the bridge's subnet and no default
 * route. (The host itself cannot play a container: Docker masquerades the host's own traffic from
 * the bridge address.) The password goes through the client's environment, never its arguments.
 */
final class BridgeClient implements AutoCloseable {

    private final String ns;
    private final String hostVeth;

    private BridgeClient(String ns, String hostVeth) {
        this.ns = ns;
        this.hostVeth = hostVeth;
    }

    /** A namespace on docker0 with {@code address} (e.g. 172.17.250.2/16). */
    static BridgeClient open(String address) throws IOException, InterruptedException {
        String id = Long.toString(System.nanoTime() % 100000);
        String ns = "atdb" + id;
        String host = "atdbh" + id;
        String peer = "atdbp" + id;
        BridgeClient c = new BridgeClient(ns, host);
        try {
            ip("netns", "add", ns);
            ip("link", "add", host, "type", "veth", "peer", "name", peer);
            ip("link", "set", peer, "netns", ns);
            ip("link", "set", host, "master", "docker0");
            ip("link", "set", host, "up");
            ip("-n", ns, "addr", "add", address, "dev", peer);
            ip("-n", ns, "link", "set", peer, "up");
            ip("-n", ns, "link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            c.close();
            throw e;
        }
        return c;
    }

    /** Runs {@code select 1} as {@code user}; the output, or the client's error. */
    Result select1(String kind, String host, int port, String database, String user, String password)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        Map<String, String> env;
        if (kind.equals("mysql")) {
            cmd.addAll(List.of("mariadb", "--connect-timeout=5", "-h", host, "-P", Integer.toString(port), "-u", user,
                    "-D", database, "-N", "-B", "-e", "select 1"));
            env = Map.of("MYSQL_PWD", password);
        } else {
            cmd.addAll(List.of("psql", "-h", host, "-p", Integer.toString(port), "-U", user, "-d", database, "-tA",
                    "-c", "select 1"));
            env = Map.of("PGPASSWORD", password, "PGCONNECT_TIMEOUT", "5");
        }
        ProcessBuilder b = new ProcessBuilder(cmd).redirectErrorStream(true);
        b.environment().putAll(env);
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + out);
        }
        return new Result(p.exitValue(), out);
    }

    record Result(int exit, String output) {
        boolean ok() {
            return exit == 0 && output.equals("1");
        }
    }

    private static void ip(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ip"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
    }

    @Override
    public void close() {
        try {
            ip("link", "del", hostVeth);
        } catch (IOException | InterruptedException ignored) {
            // not created
        }
        try {
            ip("netns", "del", ns);
        } catch (IOException | InterruptedException ignored) {
            // not created
        }
    }
}
