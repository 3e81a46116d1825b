package org.atoll.plugin.etcd.internal;

import static org.atoll.plugin.etcd.internal.Fixtures.registration;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.atoll.api.model.CheckSpec;
import org.junit.jupiter.api.Test;

/** Deactivation leaves no thread behind: a bundle refresh must not leak the old class loader. */
class ShutdownTest {

    @Test
    void closingStopsEveryThreadTheProviderStarted() throws Exception {
        try (EtcdServers etcd = EtcdServers.cluster(1)) {
            Set<Thread> before = Thread.getAllStackTraces().keySet();
            EtcdDiscovery provider = Fixtures.provider(Fixtures.settings(Fixtures.uniquePrefix(), 10), etcd.members());
            Recorder rec = new Recorder();
            provider.watch("web", rec);
            provider.register(registration("web-1:80", "web", 8080, List.of(new CheckSpec("port", "tcp",
                    etcd.members().get(0).host() + ":" + etcd.members().get(0).clientPort(), Duration.ofSeconds(1),
                    Duration.ofSeconds(1)))));
            rec.await(Duration.ofSeconds(10), "web-1 seen healthy", l -> l.size() == 1 && l.get(0).healthy());
            // reconnect once, so that an old client is closed in the background too
            provider.connect(List.of());
            provider.connect(etcd.members().stream()
                    .map(m -> new org.atoll.api.model.Registry(m.name(), "etcd", null, null, m.clientUrl())).toList());
            provider.resolve("web");
            provider.close();
            Waits.until(Duration.ofSeconds(10), "no thread of the provider left", () -> {
                List<String> left = Thread.getAllStackTraces().keySet().stream()
                        .filter(t -> t.isAlive() && !before.contains(t))
                        .map(Thread::getName)
                        .filter(n -> !n.startsWith("HttpClient-") && !n.startsWith("process reaper"))
                        .collect(Collectors.toList());
                if (!left.isEmpty()) {
                    throw new AssertionError("threads left: " + left);
                }
                return true;
            });
        }
    }
}
