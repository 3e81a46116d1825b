package org.atoll.plugin.nginx.internal;

import static org.atoll.plugin.nginx.internal.Fixture.freePort;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * Every value of the hostile corpus, alone and inside a harmless one, in every field of a table: refused
 * permanently with a message that names the field and contains no raw control character; the running
 * proxy's configuration stays byte-identical and it keeps serving; nothing else appears on disk.
 */
class HostileInputTest {

    static final List<String> CORPUS = List.of("\r", "\n", "\r\n", "\u2028", "\u0085", "\0", "{", "}", ";", "'", "\"",
            "#", "`", "$", "\\", " ", "\t", "load_module /x.so", "ssl_engine x", "include /etc/passwd",
            "lua-load /x.lua", "server x 1.2.3.4:1", "a".repeat(64 * 1024), "../../etc/passwd", "/tmp/../etc/shadow",
            "");

    /** A field of a table, and how to put a value into it. */
    record Field(String name, Function<String, Runnable> apply) {
    }

    private static Fixture fixture;
    private static NginxRouter router;
    private static Backend backend;
    private static int port;
    private static RoutingTable good;

    @TempDir
    static Path files;
    private static Path[] pem;

    @BeforeAll
    static void start() throws Exception {
        fixture = new Fixture();
        router = fixture.router();
        backend = fixture.backend("good");
        port = freePort();
        good = new RoutingTable(List.of(Fixture.site("web", port, List.of("good.test"), backend)));
        router.apply("live", good);
        pem = Certs.make(files, "hostile.test");
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    private static Frontend frontend(String name, String address, String hostname, String mode, TlsSpec tls,
            BackendServer server, Map<String, String> auth) {
        return new Frontend(name, address, port, List.of(hostname), mode, tls, List.of(server), auth);
    }

    private static Runnable table(Frontend f, List<String> resolvers) {
        return () -> router.apply("live", new RoutingTable(List.of(f), 0, resolvers));
    }

    private static List<Field> fields() {
        BackendServer server = backend.server();
        String cert = pem[0].toString();
        String key = pem[1].toString();
        return List.of(
                new Field("name", v -> () -> router.apply(v, good)),
                new Field("name", v -> () -> router.remove(v)),
                new Field("name", v -> () -> router.current(v)),
                new Field("frontends[0].name", v -> table(frontend(v, null, "h.test", null, null, server, Map.of()),
                        List.of())),
                new Field("frontends[web].address", v -> table(frontend("web", v, "h.test", null, null, server,
                        Map.of()), List.of())),
                new Field("frontends[web].hostnames[0]", v -> table(frontend("web", null, v, null, null, server,
                        Map.of()), List.of())),
                new Field("frontends[web].mode", v -> table(frontend("web", null, "h.test", v, null, server,
                        Map.of()), List.of())),
                new Field("frontends[web].tls.certificate", v -> table(frontend("web", null, "h.test", null,
                        new TlsSpec(v, key, false), server, Map.of()), List.of())),
                new Field("frontends[web].tls.key", v -> table(frontend("web", null, "h.test", null,
                        new TlsSpec(cert, v, false), server, Map.of()), List.of())),
                new Field("frontends[web].backends[0].name", v -> table(frontend("web", null, "h.test", null, null,
                        new BackendServer(v, "127.0.0.1", 80), Map.of()), List.of())),
                new Field("frontends[web].backends[b].address", v -> table(frontend("web", null, "h.test", null, null,
                        new BackendServer("b", v, 80), Map.of()), List.of())),
                new Field("resolvers[0]", v -> table(frontend("web", null, "h.test", null, null, server, Map.of()),
                        List.of(v))),
                new Field("frontends[web].auth", v -> table(frontend("web", null, "h.test", null, null, server,
                        Map.of(v, "pw")), List.of())));
    }

    /** The corpus as it is and inside a value that is fine on its own. */
    private static List<String> values(Field field) {
        String harmless = field.name().contains("tls.") ? "/tmp/x" : "a";
        List<String> out = new ArrayList<>();
        for (String c : CORPUS) {
            // an empty address means every address of the host: allowed
            if (!(c.isEmpty() && field.name().endsWith("].address") && field.name().startsWith("frontends[web].a"))) {
                out.add(c);
            }
            if (!c.isEmpty()) {
                out.add(harmless + c + harmless);
                out.add(harmless + c);
            }
        }
        return out;
    }

    @Test
    void everyHostileValueInEveryFieldIsRefusedAndTheLiveProxyIsUntouched() throws Exception {
        byte[] before = fixture.confBytes("live");
        long master = fixture.master("live");
        List<String> problems = new ArrayList<>();
        int refused = 0;
        for (Field field : fields()) {
            for (String v : values(field)) {
                String shown = Values.quoted(v);
                try {
                    field.apply().apply(v).run();
                    problems.add(field.name() + " accepted " + shown);
                } catch (ProviderException e) {
                    refused++;
                    String m = e.getMessage();
                    if (e.retryable()) {
                        problems.add(field.name() + " " + shown + ": retryable: " + m);
                    }
                    if (!m.startsWith(field.name() + ": ")) {
                        problems.add(field.name() + " " + shown + ": message does not name the field: " + m);
                    }
                    if (m.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f || ch == 0x85 || ch == 0x2028)) {
                        problems.add(field.name() + " " + shown + ": raw control character in the message");
                    }
                    if (m.length() > 600) {
                        problems.add(field.name() + " " + shown + ": message of " + m.length() + " characters");
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
        System.out.println("hostile input: " + refused + " values refused in " + fields().size() + " fields");
        assertTrue(refused > 900, "refused " + refused);

        assertArrayEquals(before, fixture.confBytes("live"), "the live configuration is byte-identical");
        assertEquals(master, fixture.master("live"));
        assertEquals("good", Http.body(port, "good.test"));
        try (Stream<Path> dirs = Files.list(fixture.root())) {
            assertEquals(List.of(fixture.root().resolve("live")), dirs.toList(), "no other proxy directory");
        }
    }

    @Test
    void numbersOutOfRangeAreRefusedNamingTheField() {
        BackendServer server = backend.server();
        Map<String, Runnable> cases = Map.of(
                "frontends[web].port: ", () -> router.apply("live", new RoutingTable(List.of(new Frontend("web", null,
                        0, List.of(), null, null, List.of(server), Map.of())))),
                "frontends[web].port:", () -> router.apply("live", new RoutingTable(List.of(new Frontend("web", null,
                        65536, List.of(), null, null, List.of(server), Map.of())))),
                "frontends[web].backends[b].port: ", () -> router.apply("live", new RoutingTable(List.of(
                        new Frontend("web", null, port, List.of(), null, null, List.of(new BackendServer("b",
                                "127.0.0.1", -1)), Map.of())))),
                "workers: ", () -> router.apply("live", new RoutingTable(good.frontends(), 65, List.of())),
                "workers:", () -> router.apply("live", new RoutingTable(good.frontends(), -1, List.of())));
        byte[] before = fixture.confBytes("live");
        cases.forEach((field, call) -> {
            ProviderException e = org.junit.jupiter.api.Assertions.assertThrows(ProviderException.class, call::run);
            assertTrue(e.getMessage().startsWith(field.strip()), field + " -> " + e.getMessage());
        });
        assertArrayEquals(before, fixture.confBytes("live"));
    }
}
