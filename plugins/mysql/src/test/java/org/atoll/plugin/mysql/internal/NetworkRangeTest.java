package org.atoll.plugin.mysql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.atoll.spi.database.DatabaseSpec;
import org.atoll.spi.database.Secret;
import org.atoll.spi.database.ServerSpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The allowed range, enforced by the server, seen from clients in a network namespace: a veth pair with
 * the host end {@code 10.77.N.1/24} (the server's address) and the namespace end holding
 * {@code 10.77.N.2} and {@code 10.77.N.130}; which one a client connects from is picked with a host route's
 * source address. The namespace has no default route. The client is the mariadb command-line client,
 * given the password through MYSQL_PWD (never an argument).
 */
class NetworkRangeTest {

    private static final Path MARIADB_CLIENT = Path.of("/usr/bin/mariadb");

    private static MariaDb db;
    private static String ns;
    private static String hostVeth;
    private static String nsVeth;
    private static String net;

    @BeforeAll
    static void network() throws Exception {
        db = new MariaDb();
        if (!Files.isExecutable(MARIADB_CLIENT)) {
            fail("no mariadb client at " + MARIADB_CLIENT + ": apt-get install mariadb-client (mariadb-server"
                    + " depends on it)");
        }
        String id = Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        ns = "atoll-mysql-" + id;
        hostVeth = "vmyh" + id;
        nsVeth = "vmyn" + id;
        net = "10.77." + freeOctet();
        run("ip", "netns", "add", ns);
        run("ip", "link", "add", hostVeth, "type", "veth", "peer", "name", nsVeth);
        run("ip", "link", "set", nsVeth, "netns", ns);
        run("ip", "addr", "add", net + ".1/24", "dev", hostVeth);
        run("ip", "link", "set", hostVeth, "up");
        run("ip", "-n", ns, "addr", "add", net + ".2/24", "dev", nsVeth);
        run("ip", "-n", ns, "addr", "add", net + ".130/24", "dev", nsVeth);
        run("ip", "-n", ns, "link", "set", "lo", "up");
        run("ip", "-n", ns, "link", "set", nsVeth, "up");
    }

    @AfterAll
    static void cleanUp() throws Exception {
        try {
            if (db != null) {
                db.close();
            }
        } finally {
            if (ns != null) {
                exec(List.of("ip", "netns", "del", ns), Map.of());
            }
            if (hostVeth != null) {
                exec(List.of("ip", "link", "del", hostVeth), Map.of()); // gone with the namespace, normally
            }
        }
    }

    @Test
    void onlyClientsFromTheAllowedRangeGetIn() throws Exception {
        MysqlProvisioner p = db.provider();
        String name = MariaDb.unique("net");
        int port = MariaDb.freePort();
        p.ensureServer(new ServerSpec(name, "node-1", net + ".1", port));

        p.ensureDatabase(name, new DatabaseSpec("range_user", "range_db", net + ".0/24"), Secret.of("range-pw"));
        assertConnects(net + ".2", port);
        assertConnects(net + ".130", port);

        p.ensureDatabase(name, new DatabaseSpec("range_user", "range_db", net + ".128/25"), Secret.of("range-pw"));
        assertRefused(net + ".2", port);
        assertConnects(net + ".130", port);
        try (var admin = db.admin(name, port)) {
            assertEquals(List.of(net + ".128/255.255.255.128"),
                    MariaDb.strings(admin, "SELECT Host FROM mysql.user WHERE User = 'range_user'"));
        }

        p.ensureDatabase(name, new DatabaseSpec("range_user", "range_db", net + ".2/32"), Secret.of("range-pw"));
        assertConnects(net + ".2", port);
        assertRefused(net + ".130", port);
    }

    private static void assertConnects(String from, int port) throws Exception {
        Result r = client(from, port, "range-pw");
        assertEquals(0, r.exit(), "a client from " + from + " was refused: " + r.output());
        assertTrue(r.output().contains("range_db\trange_user@" + from), "not from " + from + ": " + r.output());
    }

    private static void assertRefused(String from, int port) throws Exception {
        Result r = client(from, port, "range-pw");
        assertTrue(r.exit() != 0 && (r.output().contains("1130") || r.output().contains("1045")),
                "a client from " + from + " got in: " + r.output());
    }

    /** The mariadb client in the namespace, connecting from {@code from} to the server's address. */
    private static Result client(String from, int port, String password) throws Exception {
        run("ip", "-n", ns, "route", "replace", net + ".1/32", "dev", nsVeth, "src", from);
        return exec(List.of("ip", "netns", "exec", ns, MARIADB_CLIENT.toString(), "--no-defaults", "--skip-ssl",
                "--protocol=TCP", "--connect-timeout=5", "-h", net + ".1", "-P", Integer.toString(port),
                "-u", "range_user", "-N", "-e", "SELECT DATABASE(), USER()", "range_db"),
                Map.of("MYSQL_PWD", password));
    }

    /** A third octet of 10.77.x.0/24 that no interface of this host uses now. */
    private static int freeOctet() throws Exception {
        String addresses = exec(List.of("ip", "-4", "-o", "addr"), Map.of()).output();
        for (int i = 0; i < 100; i++) {
            int octet = 100 + ThreadLocalRandom.current().nextInt(150);
            if (!addresses.contains("10.77." + octet + ".")) {
                return octet;
            }
        }
        throw new IllegalStateException("no free 10.77.x.0/24 for the test network");
    }

    record Result(int exit, String output) {
    }

    private static void run(String... cmd) throws Exception {
        Result r = exec(List.of(cmd), Map.of());
        if (r.exit() != 0) {
            fail(String.join(" ", cmd) + " failed (" + r.exit() + "): " + r.output()
                    + " -- this test needs root and iproute2 (ip netns)");
        }
    }

    private static Result exec(List<String> cmd, Map<String, String> env) throws IOException, InterruptedException {
        Path out = Files.createTempFile("atoll-mysql-cmd", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().putAll(env);
            Process proc = pb.start();
            if (!proc.waitFor(30, TimeUnit.SECONDS)) {
                proc.destroyForcibly();
                fail(String.join(" ", cmd) + " did not finish within 30 s");
            }
            return new Result(proc.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
        }
    }
}
