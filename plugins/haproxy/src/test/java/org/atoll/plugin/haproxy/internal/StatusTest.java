package org.atoll.plugin.haproxy.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.routing.Router;
import org.junit.jupiter.api.Test;

/** Identity, capabilities, and DOWN (with the reason) without a binary or with a bad configuration. */
class StatusTest {

    @Test
    void identityAndCapabilities() throws IOException {
        Path dir = Files.createTempDirectory("atoll-haproxy-status");
        try {
            HaproxyRouter r = new HaproxyRouter("1.2.3", Settings.of(dir.toString(), Fixture.BINARY.toString(), 5));
            assertEquals("haproxy", r.info().name());
            assertEquals("1.2.3", r.info().version());
            assertEquals(Set.of(Router.CAP_RUNTIME_API, Router.CAP_TLS, Router.CAP_HTTP2, Router.CAP_DIGEST_AUTH),
                    r.capabilities());
            assertEquals(ProviderStatus.up(), r.status());
            assertEquals(List.of(), r.proxies());
        } finally {
            ProxyHome.deleteTree(dir);
        }
    }

    @Test
    void downWithoutTheBinary() throws IOException {
        Path dir = Files.createTempDirectory("atoll-haproxy-status");
        try {
            HaproxyRouter r = new HaproxyRouter("1", Settings.of(dir.toString(), "/nonexistent/haproxy", 5));
            ProviderStatus s = r.status();
            assertEquals(ProviderStatus.State.DOWN, s.state());
            assertTrue(s.message().contains("/nonexistent/haproxy"), s.message());
            ProviderException e = assertThrows(ProviderException.class, () -> r.apply("p",
                    Fixture.table(Fixture.site("web", 8080, List.of()))));
            assertFalse(e.retryable());
            assertTrue(e.getMessage().contains("no haproxy at"), e.getMessage());
        } finally {
            ProxyHome.deleteTree(dir);
        }
    }

    @Test
    void downWithABadConfiguration() {
        HaproxyRouter r = new HaproxyRouter("1", Settings.of("relative/dir", "/usr/sbin/ha proxy", 0));
        ProviderStatus s = r.status();
        assertEquals(ProviderStatus.State.DOWN, s.state());
        assertTrue(s.message().contains("data.directory") && s.message().contains("binary")
                && s.message().contains("timeout.seconds"), s.message());
        assertFalse(assertThrows(ProviderException.class, r::proxies).retryable());
    }
}
