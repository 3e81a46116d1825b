package org.atoll.plugin.postgresql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A test network: a bridge on the host with 10.77.51.1/24 and two network namespaces on it through veth pairs,
 * 10.77.51.2 and 10.77.51.130, without a default route. Names are unique per run ({@code apgXXXX}); leftovers of
 * earlier runs of this test (same prefix, same range) are removed first, and {@link #close()} removes everything,
 * ignoring what is already gone.
 */
final class Netns implements AutoCloseable {

    static final String HOST = "10.77.51.1";
    static final String LOW = "10.77.51.2";
    static final String HIGH = "10.77.51.130";
    private static final String PREFIX = "apg";

    final String id = PREFIX + HexFormat.of().toHexDigits((short) new SecureRandom().nextInt());
    final String bridge = id + "-br";
    final String nsLow = id + "-lo";
    final String nsHigh = id + "-hi";

    record Result(int exit, String output) {
    }

    static Netns create() throws IOException, InterruptedException {
        removeLeftovers();
        Netns n = new Netns();
        try {
            n.must("ip", "link", "add", n.bridge, "type", "bridge");
            n.must("ip", "addr", "add", HOST + "/24", "dev", n.bridge);
            n.must("ip", "link", "set", n.bridge, "up");
            n.attach(n.nsLow, "1", LOW);
            n.attach(n.nsHigh, "2", HIGH);
        } catch (IOException | RuntimeException | InterruptedException | AssertionError e) {
            n.close();
            throw e;
        }
        return n;
    }

    private void attach(String ns, String k, String address) throws IOException, InterruptedException {
        String host = id + "-h" + k;
        String peer = id + "-n" + k;
        must("ip", "netns", "add", ns);
        must("ip", "link", "add", host, "type", "veth", "peer", "name", peer, "netns", ns);
        must("ip", "link", "set", host, "master", bridge, "up");
        must("ip", "-n", ns, "addr", "add", address + "/24", "dev", peer);
        must("ip", "-n", ns, "link", "set", peer, "up");
        must("ip", "-n", ns, "link", "set", "lo", "up");
    }

    /** psql inside {@code ns}: the password only in its environment, never in its arguments. */
    Result psql(String ns, int port, String user, String database, String password, String sql)
            throws IOException, InterruptedException {
        String conninfo = "host=" + HOST + " port=" + port + " user=" + user + " dbname=" + database
                + " sslmode=disable gssencmode=disable connect_timeout=5";
        return run(Map.of("PGPASSWORD", password), "nsenter", "--net=/run/netns/" + ns, "psql", "-X", "-A", "-t",
                conninfo, "-c", sql);
    }

    /** A psql session left running in {@code ns}, its output in {@code out}. */
    Process psqlInBackground(String ns, int port, String user, String database, String password, String sql, Path out)
            throws IOException {
        String conninfo = "host=" + HOST + " port=" + port + " user=" + user + " dbname=" + database
                + " sslmode=disable gssencmode=disable connect_timeout=5";
        ProcessBuilder pb = new ProcessBuilder("nsenter", "--net=/run/netns/" + ns, "psql", "-X", "-A", "-t", conninfo,
                "-c", sql).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().put("PGPASSWORD", password);
        return pb.start();
    }

    void must(String... cmd) throws IOException, InterruptedException {
        Result r = run(Map.of(), cmd);
        assertEquals(0, r.exit, String.join(" ", cmd) + ": " + r.output);
    }

    static Result run(Map<String, String> env, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Path out = Files.createTempFile("atoll-netns", ".out");
        try {
            Process p = pb.redirectOutput(out.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8).strip());
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        run(Map.of(), "ip", "netns", "del", nsLow);
        run(Map.of(), "ip", "netns", "del", nsHigh);
        run(Map.of(), "ip", "link", "del", id + "-h1");
        run(Map.of(), "ip", "link", "del", id + "-h2");
        run(Map.of(), "ip", "link", "del", bridge);
    }

    private static void removeLeftovers() throws IOException, InterruptedException {
        List<String> stale = new ArrayList<>();
        for (String line : run(Map.of(), "ip", "-o", "link", "show").output().split("\n")) {
            String[] f = line.split(":\\s+");
            if (f.length > 1 && f[1].matches(PREFIX + "[0-9a-f]{4}-(br|h[12])(@.*)?")) {
                stale.add(f[1].replaceAll("@.*", ""));
            }
        }
        for (String l : stale) {
            run(Map.of(), "ip", "link", "del", l);
        }
        for (String line : run(Map.of(), "ip", "netns", "list").output().split("\n")) {
            String ns = line.split(" ")[0];
            if (ns.matches(PREFIX + "[0-9a-f]{4}-(lo|hi)")) {
                run(Map.of(), "ip", "netns", "del", ns);
            }
        }
    }
}
