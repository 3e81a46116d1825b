package org.atoll.plugin.haproxy.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.atoll.api.model.TlsSpec;
import org.atoll.spi.ProviderException;
import org.atoll.spi.routing.BackendServer;
import org.atoll.spi.routing.Frontend;
import org.atoll.spi.routing.RoutingTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every value of the hostile corpus, alone and inside an otherwise valid value, in every field of a
 * table: refused with a message naming the field, and the running proxy's file stays byte-identical.
 */
class HostileInputTest {

    static final List<String> CORPUS = List.of("\r", "\n", "\r\n", "\u2028", "\u0085", "\0", "{", "}", ";", "'", "\"",
            "#", "`", "$", "\\", " ", "\t", "load_module /x.so", "ssl_engine x", "include /etc/passwd",
            "lua-load /x.lua", "server x 1.2.3.4:1", "a".repeat(64 * 1024), "../../etc/passwd", "/tmp/../etc/shadow",
            "");

    private static Fixture fx;
    private static Path certs;
    private static Certs.Pair pair;
    private static Backend a;
    private static int port;
    private static int tlsPort;
    private static RoutingTable base;

    @BeforeAll
    static void start() throws Exception {
        fx = new Fixture();
        certs = Files.createTempDirectory("atoll-haproxy-hostile");
        pair = Certs.make(certs, "sec.example");
        a = fx.backend("a");
        port = Fixture.freePort();
        tlsPort = Fixture.freePort();
        base = table(web(f -> f), sec(pair.certificate().toString(), pair.key().toString()), List.of());
        fx.router.apply("target", base);
    }

    @AfterAll
    static void stop() throws IOException {
        fx.close();
        ProxyHome.deleteTree(certs);
    }

    @Test
    void everyValueInEveryFieldIsRefusedNamingTheField() throws IOException {
        byte[] before = fx.config("target");
        Map<String, Function<String, RoutingTable>> fields = new LinkedHashMap<>();
        fields.put("frontends[0].name", v -> table(web(f -> frontend(v, f.address(), f.port(), f.hostnames(), f.mode(),
                f.backends(), f.auth())), null, List.of()));
        fields.put("frontends[web].address", v -> table(web(f -> frontend(f.name(), v, f.port(), f.hostnames(),
                f.mode(), f.backends(), f.auth())), null, List.of()));
        fields.put("frontends[web].hostnames[0]", v -> table(web(f -> frontend(f.name(), f.address(), f.port(),
                List.of(v), f.mode(), f.backends(), f.auth())), null, List.of()));
        fields.put("frontends[web].mode", v -> table(web(f -> frontend(f.name(), f.address(), f.port(), f.hostnames(),
                v, f.backends(), f.auth())), null, List.of()));
        fields.put("frontends[sec].tls.certificate", v -> table(web(f -> f), sec(v, pair.key().toString()), List.of()));
        fields.put("frontends[sec].tls.key", v -> table(web(f -> f), sec(pair.certificate().toString(), v), List.of()));
        fields.put("frontends[web].backends[0].name", v -> table(web(f -> f.withBackends(List.of(
                new BackendServer(v, "127.0.0.1", a.port())))), null, List.of()));
        fields.put("frontends[web].backends[0].address", v -> table(web(f -> f.withBackends(List.of(
                new BackendServer("a", v, a.port())))), null, List.of()));
        fields.put("frontends[web].auth", v -> table(web(f -> frontend(f.name(), f.address(), f.port(), f.hostnames(),
                f.mode(), f.backends(), Map.of(v, "password"))), null, List.of()));
        fields.put("resolvers[0]", v -> table(web(f -> f), null, List.of(v)));

        int refused = 0;
        for (String hostile : CORPUS) {
            for (String v : forms(hostile)) {
                for (Map.Entry<String, Function<String, RoutingTable>> field : fields.entrySet()) {
                    if (field.getKey().endsWith(".address") && v.isEmpty()) {
                        continue; // an empty listening address means every address, by contract
                    }
                    expectRefused(field.getKey(), v, () -> fx.router.apply("target", field.getValue().apply(v)));
                    refused++;
                }
                expectRefused("name", v, () -> fx.router.apply(v, base));
                refused++;
            }
        }
        for (int bad : new int[] {0, -1, 65536, 1 << 20}) {
            expectRefused("frontends[web].port", "" + bad, () -> fx.router.apply("target", table(web(f -> frontend(
                    f.name(), f.address(), bad, f.hostnames(), f.mode(), f.backends(), f.auth())), null, List.of())));
            expectRefused("frontends[web].backends[0].port", "" + bad, () -> fx.router.apply("target", table(web(
                    f -> f.withBackends(List.of(new BackendServer("a", "127.0.0.1", bad)))), null, List.of())));
            refused += 2;
        }
        for (int bad : new int[] {-1, 65, 1000}) {
            expectRefused("workers", "" + bad, () -> fx.router.apply("target", new RoutingTable(base.frontends(), bad,
                    List.of())));
            refused++;
        }
        System.out.println("hostile input: " + refused + " tables refused");

        assertArrayEquals(before, fx.config("target"), "the live configuration is byte-identical");
        assertEquals("a", Http.get(port, "web.example", "/").server());
        try (Stream<Path> dirs = Files.list(fx.root)) {
            assertEquals(List.of(fx.dir("target")), dirs.toList(), "no other proxy directory appeared");
        }
    }

    @Test
    void passwordsWithAnythingPrintableAreAcceptedButNeverWritten() throws IOException {
        byte[] before = fx.config("target");
        for (String hostile : CORPUS) {
            String password = "pw-" + hostile + "-Zq9";
            RoutingTable t = table(web(f -> frontend(f.name(), f.address(), f.port(), f.hostnames(), f.mode(),
                    f.backends(), Map.of("alice", password))), null, List.of());
            boolean control = hostile.codePoints().anyMatch(c -> Character.isISOControl(c) || c == 0x2028);
            if (control || password.length() > 1024) {
                expectRefused("frontends[web].auth[alice].password", password, () -> fx.router.apply("target", t));
                continue;
            }
            fx.router.apply("target", t);
            try (Stream<Path> files = Files.walk(fx.dir("target"))) {
                for (Path p : files.filter(Files::isRegularFile).toList()) {
                    assertFalse(new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1)
                            .contains(new String(password.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1)),
                            "password in " + p);
                }
            }
        }
        fx.router.apply("target", base);
        assertArrayEquals(before, fx.config("target"));
    }

    private interface Call {
        void run();
    }

    private static void expectRefused(String field, String value, Call call) {
        try {
            call.run();
            fail(field + " accepted '" + Checks.printable(value) + "'");
        } catch (ProviderException e) {
            assertFalse(e.retryable(), e.getMessage());
            assertTrue(e.getMessage().startsWith(field + ":"), "for " + field + " = '" + Checks.printable(value)
                    + "': " + e.getMessage());
            assertTrue(e.getMessage().chars().noneMatch(c -> c < 0x20 || c == 0x85) && !e.getMessage().contains("\u2028"),
                    "the message carries no control characters: " + Checks.printable(e.getMessage()));
            assertTrue(e.getMessage().length() < 1000, "the message is short");
        }
    }

    /** The value alone, and inside an otherwise valid value (unless that is valid). */
    private static List<String> forms(String hostile) {
        List<String> out = new ArrayList<>(List.of(hostile));
        if (!hostile.isEmpty()) {
            out.add("ok" + hostile + "ok");
        }
        return out;
    }

    private static Frontend web(Function<Frontend, Frontend> change) {
        return change.apply(frontend("web", "127.0.0.1", port, List.of("web.example"), "roundrobin",
                List.of(a.server()), Map.of()));
    }

    private static Frontend sec(String cert, String key) {
        return new Frontend("sec", "127.0.0.1", tlsPort, List.of("sec.example"), null, new TlsSpec(cert, key, false),
                List.of(a.server()), Map.of());
    }

    private static Frontend frontend(String name, String address, int port, List<String> hosts, String mode,
            List<BackendServer> backends, Map<String, String> auth) {
        return new Frontend(name, address, port, hosts, mode, null, backends, auth);
    }

    private static RoutingTable table(Frontend web, Frontend sec, List<String> resolvers) {
        List<Frontend> fs = new ArrayList<>(List.of(web));
        fs.add(sec != null ? sec : sec(pair.certificate().toString(), pair.key().toString()));
        return new RoutingTable(fs, 0, resolvers);
    }
}
