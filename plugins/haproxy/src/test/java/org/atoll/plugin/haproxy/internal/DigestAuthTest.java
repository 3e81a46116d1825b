package org.atoll.plugin.haproxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.atoll.spi.routing.Frontend;
import org.atoll.spi.routing.RoutingTable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP Digest (RFC 7616, MD5, qop=auth) against a hand-written client; the password stays secret. */
class DigestAuthTest {

    private static final String PASSWORD = "Tr0ub4dor & \"3\" {x}; $HOME `id` \\ é";
    private static final String REALM = "secure.example";
    private static Fixture fx;
    private static LogCapture log;
    private static int port;
    private static Backend backend;
    private static Frontend secured;

    @BeforeAll
    static void start() throws IOException {
        log = new LogCapture();
        fx = new Fixture();
        backend = fx.backend("app");
        Backend open = fx.backend("open");
        port = Fixture.freePort();
        Frontend s = Fixture.site("secured", port, List.of(REALM, "alias.example"), backend);
        secured = new Frontend(s.name(), s.address(), s.port(), s.hostnames(), s.mode(), null, s.backends(),
                Map.of("alice", PASSWORD, "bob", "other-password"));
        fx.router.apply("auth", new RoutingTable(List.of(secured, Fixture.site("public", port, List.of(), open))));
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            fx.close();
        } finally {
            log.close();
        }
    }

    @Test
    void noCredentialsGetTheChallenge() throws IOException {
        Http.Response r = Http.get(port, REALM, "/");
        assertEquals(401, r.status());
        String challenge = r.headers().get("www-authenticate");
        assertNotNull(challenge);
        assertTrue(challenge.startsWith("Digest "), challenge);
        assertEquals(REALM, param(challenge, "realm"));
        assertEquals("auth", param(challenge, "qop"));
        assertTrue(challenge.contains("algorithm=MD5"), challenge);
        assertNotNull(param(challenge, "nonce"));
        assertEquals(0, backend.requests() - backend.requests());
        assertEquals("open", Http.get(port, "other.example", "/").server(), "the site without auth is open");
    }

    @Test
    void rightPasswordPassesOnceForEachNonceCount() throws IOException {
        String nonce = nonce();
        Http.Response ok = Http.get(port, REALM, "/p?q=1", auth("alice", PASSWORD, nonce, "/p?q=1", 1));
        assertEquals(200, ok.status(), ok.toString());
        assertEquals("app", ok.server());
        assertEquals(401, Http.get(port, REALM, "/p?q=1", auth("alice", PASSWORD, nonce, "/p?q=1", 1)).status(),
                "a replayed nonce count is refused");
        assertEquals(200, Http.get(port, REALM, "/p?q=1", auth("alice", PASSWORD, nonce, "/p?q=1", 2)).status());
        assertEquals(200, Http.get(port, REALM, "/", auth("bob", "other-password", nonce(), "/", 1)).status());
    }

    @Test
    void wrongPasswordUserUriOrRealmIsRefused() throws IOException {
        assertEquals(401, Http.get(port, REALM, "/", auth("alice", PASSWORD + "x", nonce(), "/", 1)).status());
        assertEquals(401, Http.get(port, REALM, "/", auth("carol", PASSWORD, nonce(), "/", 1)).status());
        assertEquals(401, Http.get(port, REALM, "/other", auth("alice", PASSWORD, nonce(), "/", 1)).status());
        String n = nonce();
        String wrongRealm = auth("alice", PASSWORD, n, "/", 1).get("Authorization").replace(REALM, "alias.example");
        assertEquals(401, Http.get(port, REALM, "/", Map.of("Authorization", wrongRealm)).status());
        assertEquals(401, Http.get(port, REALM, "/", Map.of("Authorization", "Basic YWxpY2U6eA==")).status());
        assertEquals(401, Http.get(port, REALM, "/", Map.of("Authorization", "Digest garbage")).status());
    }

    @Test
    void forgedTamperedAndExpiredNoncesAreRefused() throws IOException {
        String n = nonce();
        char last = n.charAt(n.length() - 1);
        String tampered = n.substring(0, n.length() - 1) + (last == '0' ? '1' : '0');
        assertEquals(401, Http.get(port, REALM, "/", auth("alice", PASSWORD, tampered, "/", 1)).status());
        String stamp = Long.toHexString(System.currentTimeMillis() / 1000);
        String gen = n.split("-")[2];
        String forged = stamp + "-0123456789-" + gen + "-" + "ab".repeat(32);
        assertEquals(401, Http.get(port, REALM, "/", auth("alice", PASSWORD, forged, "/", 1)).status());
        String otherStamp = Long.toHexString(System.currentTimeMillis() / 1000 - 1) + n.substring(n.indexOf('-'));
        assertEquals(401, Http.get(port, REALM, "/", auth("alice", PASSWORD, otherStamp, "/", 1)).status());

        // Correctly signed (the test reads the proxy's secret) but older than 300 s: stale.
        Http.Response r = Http.get(port, REALM, "/", auth("alice", PASSWORD, signed(400, gen), "/", 1));
        assertEquals(401, r.status());
        assertTrue(r.headers().get("www-authenticate").contains("stale=true"), r.headers().toString());
        assertEquals(200, Http.get(port, REALM, "/", auth("alice", PASSWORD, signed(0, gen), "/", 1)).status(),
                "the same construction, fresh, passes: the expired one failed for its age");
    }

    @Test
    void aNonceFromBeforeAReloadIsStaleSoItsUsedCountsCannotBeReplayed() throws IOException {
        String n = nonce();
        Map<String, String> first = auth("alice", PASSWORD, n, "/", 1);
        assertEquals(200, Http.get(port, REALM, "/", first).status());
        assertEquals(401, Http.get(port, REALM, "/", first).status(), "replayed before the reload");

        // a change of sites reloads the proxy: the counts it saw are gone with its Lua state
        Frontend wider = new Frontend(secured.name(), secured.address(), secured.port(),
                List.of(REALM, "alias.example", "third.example"), secured.mode(), null, secured.backends(), secured.auth());
        RoutingTable before = fx.router.current("auth").orElseThrow();
        assertTrue(fx.router.apply("auth", new RoutingTable(List.of(wider, before.frontends().get(1)))).reloaded());
        try {
            Http.Response replayed = Http.get(port, REALM, "/", first);
            assertEquals(401, replayed.status(), "replayed after the reload");
            assertTrue(replayed.headers().get("www-authenticate").contains("stale=true"), replayed.headers().toString());
            Http.Response counted = Http.get(port, REALM, "/", auth("alice", PASSWORD, n, "/", 2));
            assertEquals(401, counted.status(), "a valid new count of the old nonce is stale too");
            String fresh = param(counted.headers().get("www-authenticate"), "nonce");
            assertTrue(!fresh.split("-")[2].equals(n.split("-")[2]), "a new generation: " + fresh + " after " + n);
            assertEquals(200, Http.get(port, REALM, "/", auth("alice", PASSWORD, fresh, "/", 1)).status(),
                    "the client retries with the fresh nonce, as stale=true asks");
        } finally {
            fx.router.apply("auth", new RoutingTable(List.of(secured, before.frontends().get(1))));
        }
    }

    /** A nonce of generation {@code gen} signed with the proxy's secret, {@code age} seconds old. */
    private static String signed(long age, String gen) throws IOException {
        String secret = Files.readString(fx.dir("auth").resolve("nonce.secret")).strip();
        String stamp = Long.toHexString(System.currentTimeMillis() / 1000 - age);
        return stamp + "-42-" + gen + "-" + hex("SHA-256", secret + ":secured:" + stamp + ":42:" + gen + ":" + secret);
    }

    @Test
    void thePasswordIsNowhereToBeSeen() throws IOException {
        assertEquals(200, Http.get(port, REALM, "/", auth("alice", PASSWORD, nonce(), "/", 1)).status());
        byte[] secret = PASSWORD.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(fx.dir("auth"))) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                assertFalse(contains(Files.readAllBytes(p), secret), "password in " + p);
            }
        }
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.filter(d -> d.getFileName().toString().matches("\\d+")).toList()) {
                try {
                    assertFalse(contains(Files.readAllBytes(p.resolve("cmdline")), secret), "password in " + p);
                } catch (IOException gone) {
                    // exited meanwhile
                }
            }
        }
        assertTrue(log.text().contains("haproxy proxy auth: started"), "the log was captured");
        assertFalse(log.text().contains(PASSWORD), "password in the log");
        assertFalse(secured.toString().contains(PASSWORD));
        String current = fx.router.current("auth").orElseThrow().toString() + fx.router.current("auth").orElseThrow()
                .frontends().get(0).auth();
        assertFalse(current.contains(PASSWORD), current);
        assertEquals(Map.of("alice", TableStore.REDACTED, "bob", TableStore.REDACTED),
                fx.router.current("auth").orElseThrow().frontends().get(0).auth());
        assertFalse(fx.router.apply("auth", new RoutingTable(List.of(secured, Fixture.site("public", port, List.of(),
                fx.backend("open2"))))).message().contains(PASSWORD));
    }

    private static String nonce() throws IOException {
        Http.Response r = Http.get(port, REALM, "/");
        assertEquals(401, r.status());
        return param(r.headers().get("www-authenticate"), "nonce");
    }

    private static Map<String, String> auth(String user, String password, String nonce, String uri, int nc) {
        String ncText = String.format("%08x", nc);
        String cnonce = "c" + Long.toHexString(System.nanoTime());
        String ha1 = hex("MD5", user + ":" + REALM + ":" + password);
        String ha2 = hex("MD5", "GET:" + uri);
        String response = hex("MD5", ha1 + ":" + nonce + ":" + ncText + ":" + cnonce + ":auth:" + ha2);
        return Map.of("Authorization", "Digest username=\"" + user + "\", realm=\"" + REALM + "\", nonce=\"" + nonce
                + "\", uri=\"" + uri + "\", qop=auth, nc=" + ncText + ", cnonce=\"" + cnonce + "\", response=\""
                + response + "\", algorithm=MD5");
    }

    private static String param(String header, String name) {
        Matcher m = Pattern.compile(name + "=\"?([^\",]*)\"?").matcher(header);
        return m.find() ? m.group(1) : null;
    }

    static String hex(String algorithm, String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
