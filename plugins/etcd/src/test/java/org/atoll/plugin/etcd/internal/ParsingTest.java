package org.atoll.plugin.etcd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.atoll.api.model.CheckSpec;
import org.atoll.api.model.Registry;
import org.atoll.spi.ProviderException;
import org.atoll.spi.discovery.CheckStatus;
import org.atoll.spi.discovery.Registration;
import org.atoll.spi.discovery.ServiceHealth;
import org.junit.jupiter.api.Test;

/** Check targets, the key layout and registry endpoints: what is accepted and what is refused. */
class ParsingTest {

    private final Layout layout = new Layout("/services");

    @Test
    void checkTargetsMustBeExactlyTheDocumentedForms() {
        for (String ok : List.of("10.0.0.5:80", "web.local:8080", "[fd00::1]:443")) {
            assertEquals("tcp", Probe.of(new CheckSpec("c", "tcp", ok, null, null)).type(), ok);
        }
        for (String ok : List.of("http://10.0.0.5:80/health", "http://[fd00::1]:8080/", "http://a.b:1/x?y=1")) {
            assertEquals("http", Probe.of(new CheckSpec("c", "http", ok, null, null)).type(), ok);
        }
        for (String bad : List.of("80", "10.0.0.5", "10.0.0.5:0", "10.0.0.5:70000", "a b:80", "fd00::1:80",
                "http://10.0.0.5:80/", "10.0.0.5:80/x", "[fd00::1]80")) {
            assertThrows(ProviderException.class, () -> Probe.of(new CheckSpec("c", "tcp", bad, null, null)), bad);
        }
        for (String bad : List.of("https://10.0.0.5:443/", "http://10.0.0.5/health", "http://10.0.0.5:80",
                "http://u:p@10.0.0.5:80/", "http://10.0.0.5:80/#x", "ftp://10.0.0.5:21/", "HTTP://10.0.0.5:80/",
                "http:/10.0.0.5:80/", "10.0.0.5:80")) {
            ProviderException e = assertThrows(ProviderException.class,
                    () -> Probe.of(new CheckSpec("c", "http", bad, null, null)), bad);
            assertFalse(e.retryable());
        }
        assertThrows(ProviderException.class, () -> Probe.of(new CheckSpec("c", "grpc", "10.0.0.5:80", null, null)));
        assertEquals("timed out after 2 s", Probe.timedOut(Duration.ofSeconds(2)));
        assertEquals("timed out after 500 ms", Probe.timedOut(Duration.ofMillis(500)));
    }

    @Test
    void keysFollowTheLayoutAndValuesRoundTrip() {
        CheckSpec spec = new CheckSpec("health", "http", "http://10.0.0.5:80/h", Duration.ofSeconds(3), null);
        Registration r = new Registration("web-1:80", "web", "prod", "node-1", "10.0.0.5", 32768, 80, "tcp", "img:1",
                List.of("t"), List.of(spec));
        String key = layout.key(r);
        assertEquals("/services/prod/web/80/32768/web-1:80", key);
        CheckStatus st = new CheckStatus("health", "http", "http://10.0.0.5:80/h", CheckStatus.Status.PASSING,
                "HTTP 200", Instant.parse("2026-01-01T00:00:00Z"));
        ServiceHealth h = layout.parse(key, layout.value(r, key, List.of(st))).orElseThrow();
        assertEquals(r, h.registration());
        assertEquals(List.of(st), h.checks());
        assertTrue(h.healthy());
        CheckStatus unknown = new CheckStatus("health", "http", "x", CheckStatus.Status.UNKNOWN, "", null);
        assertFalse(layout.parse(key, layout.value(r, key, List.of(unknown))).orElseThrow().healthy(),
                "UNKNOWN is not healthy");
    }

    @Test
    void keysAndValuesThatDoNotFitAreRefused() {
        Registration r = Fixtures.registration("web-1:80", "web", 8080, List.of());
        String key = layout.key(r);
        String value = layout.value(r, key, List.of());
        assertTrue(layout.parse(key, value).isPresent());
        assertTrue(layout.parse("/services/prod/web/80/8081/web-1:80", value).isEmpty(), "value disagrees with key");
        assertTrue(layout.parse("/services/prod/web/80/web-1:80", value).isEmpty());
        assertTrue(layout.parse("/other/prod/web/80/8080/web-1:80", value).isEmpty());
        assertTrue(layout.parse(key, "[]").isEmpty());
        assertTrue(layout.parse(key, "{").isEmpty());
        for (String bad : List.of("a/b", "", "../x", "a b")) {
            assertThrows(ProviderException.class, () -> layout.key(new Registration(bad, "web", "prod", "n", "1.2.3.4",
                    1, 1, "tcp", "", List.of(), List.of())), bad);
            assertThrows(ProviderException.class, () -> layout.key(new Registration("x", "web", bad, "n", "1.2.3.4",
                    1, 1, "tcp", "", List.of(), List.of())), bad);
        }
    }

    @Test
    void endpointsComeFromExternalUrlsOrAddressesAndHideCredentials() {
        Endpoints e = Endpoints.of(List.of(
                new Registry("a", "etcd", "n1", "10.0.0.2", null),
                new Registry("b", "etcd", null, null, "http://user:p%40ss@10.0.0.9:2379"),
                new Registry("c", "etcd", "n3", "fd00::3", null),
                new Registry("d", "etcd", null, null, "https://10.0.0.10:2379")), 2379);
        assertEquals("http://10.0.0.2:2379,http://10.0.0.9:2379,http://[fd00::3]:2379", e.display());
        assertEquals("user", e.user());
        assertEquals("p@ss", e.password());
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).contains("registry d"), e.problems().toString());
        assertTrue(Endpoints.of(List.of(), 2379).isEmpty());
    }
}
