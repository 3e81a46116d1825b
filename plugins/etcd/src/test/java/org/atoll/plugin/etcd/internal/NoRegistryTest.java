package org.atoll.plugin.etcd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.atoll.api.model.Registry;
import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.discovery.DiscoveryProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Without registries, or with a bad configuration, every call fails clearly and status says why. */
class NoRegistryTest {

    private static final String MESSAGE = "no etcd registry: add one with registry-add NODE IP --type etcd";

    @Test
    void withNoRegistryEveryCallFailsRetryablyAndStatusIsDown() throws Exception {
        EtcdDiscovery p = new EtcdDiscovery("0.0.0.test", Settings.defaults());
        try {
            assertEquals("etcd", p.info().name());
            assertEquals(Set.of(DiscoveryProvider.CAP_CHECKS, DiscoveryProvider.CAP_WATCH, DiscoveryProvider.CAP_DEPLOY),
                    p.capabilities());
            assertEquals(ProviderStatus.down(MESSAGE), p.status(), "before any connect");
            p.connect(List.of());
            assertEquals(ProviderStatus.down(MESSAGE), p.status());
            assertRetryable(() -> p.register(Fixtures.registration("a-1:80", "a", 80, List.of())));
            assertRetryable(() -> p.deregister("a-1:80"));
            assertRetryable(() -> p.resolve("a"));
            assertRetryable(p::registrations);
            assertRetryable(p::catalog);
            assertEquals(ProviderStatus.down(MESSAGE), p.status());
        } finally {
            p.close();
        }
    }

    @Test
    void aRegistryThatGoesAwayTakesTheConnectionWithIt() {
        EtcdDiscovery p = new EtcdDiscovery("0.0.0.test", Settings.defaults());
        try {
            p.connect(List.of(new Registry("etcd-1", "etcd", null, null, "http://127.0.0.1:1")));
            assertFalse(p.status().state() == ProviderStatus.State.UP);
            p.connect(List.of());
            assertRetryable(p::registrations);
        } finally {
            p.close();
        }
    }

    @Test
    void anUnreachableRegistryFailsRetryablyWithinTheTimeout() {
        int closed = EtcdServers.freePorts("127.0.0.1", 1).get(0);
        EtcdDiscovery p = new EtcdDiscovery("0.0.0.test", Settings.of("/services", 10, 2, 10, 2,
                Settings.DEFAULT_IMAGE, 2379, 2380));
        try {
            p.connect(List.of(new Registry("etcd-1", "etcd", null, null, "http://127.0.0.1:" + closed)));
            long start = System.nanoTime();
            ProviderException e = assertThrows(ProviderException.class, p::registrations);
            assertTrue(e.retryable());
            assertTrue(e.getMessage().startsWith("etcd at http://127.0.0.1:" + closed), e.getMessage());
            assertTrue(System.nanoTime() - start < 5_000_000_000L, "bounded by the request timeout");
            assertEquals(ProviderStatus.State.DOWN, p.status().state());
        } finally {
            p.close();
        }
    }

    @Test
    void anInvalidConfigurationIsDownWithTheReason() {
        EtcdDiscovery p = new EtcdDiscovery("0.0.0.test", Settings.of("services/", 10, 5, 10, 2,
                Settings.DEFAULT_IMAGE, 2379, 2380));
        try {
            assertEquals(ProviderStatus.State.DOWN, p.status().state());
            assertTrue(p.status().message().contains("prefix 'services/'"), p.status().message());
            p.connect(List.of(new Registry("etcd-1", "etcd", null, null, "http://127.0.0.1:2379")));
            ProviderException e = assertThrows(ProviderException.class, p::registrations);
            assertFalse(e.retryable());
        } finally {
            p.close();
        }
    }

    @Test
    void credentialsInAnExternalUrlNeverShowUp() {
        int closed = EtcdServers.freePorts("127.0.0.1", 1).get(0);
        EtcdDiscovery p = new EtcdDiscovery("0.0.0.test", Settings.of("/services", 10, 1, 10, 2,
                Settings.DEFAULT_IMAGE, 2379, 2380));
        try {
            p.connect(List.of(new Registry("etcd-1", "etcd", null, null,
                    "http://root:s3cret@127.0.0.1:" + closed)));
            ProviderException e = assertThrows(ProviderException.class, p::registrations);
            assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
            assertFalse(p.status().message().contains("s3cret"), p.status().message());
        } finally {
            p.close();
        }
    }

    private static void assertRetryable(Executable call) {
        ProviderException e = assertThrows(ProviderException.class, call);
        assertTrue(e.retryable());
        assertEquals(MESSAGE, e.getMessage());
    }
}
