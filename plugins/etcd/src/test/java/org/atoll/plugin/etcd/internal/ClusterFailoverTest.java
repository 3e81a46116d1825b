package org.atoll.plugin.etcd.internal;

import static org.atoll.plugin.etcd.internal.Fixtures.registration;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;

import org.atoll.spi.ProviderStatus;
import org.atoll.spi.discovery.Endpoint;
import org.junit.jupiter.api.Test;

/** A 3-member loopback cluster loses its leader (kill -9): the provider and its watch carry on. */
class ClusterFailoverTest {

    private static final Duration RECOVERY = Duration.ofSeconds(30);

    @Test
    void registerResolveAndWatchSurviveTheLeadersDeath() throws Exception {
        try (EtcdServers etcd = EtcdServers.cluster(3)) {
            EtcdDiscovery provider = Fixtures.provider(Fixtures.settings(Fixtures.uniquePrefix(), 10), etcd.members());
            try {
                Recorder rec = new Recorder();
                AutoCloseable watch = provider.watch("api", rec);
                provider.register(registration("api-1:80", "api", 9001, List.of()));
                rec.await(Duration.ofSeconds(10), "api-1 seen", l -> Recorder.ids(l, "api-1:80"));

                EtcdServers.Member leader = etcd.leader();
                etcd.kill(leader);

                Waits.eventually(RECOVERY, "register through the remaining members", () -> {
                    provider.register(registration("api-2:80", "api", 9002, List.of()));
                    return null;
                });
                Waits.until(RECOVERY, "resolve through the remaining members", () -> provider.resolve("api").stream()
                        .map(Endpoint::registrationId).sorted().toList().equals(List.of("api-1:80", "api-2:80")));
                rec.await(RECOVERY, "the watch delivers api-2", l -> Recorder.ids(l, "api-1:80", "api-2:80"));
                provider.deregister("api-1:80");
                rec.await(RECOVERY, "the watch delivers the removal", l -> Recorder.ids(l, "api-2:80"));
                assertEquals(ProviderStatus.State.UP, provider.status().state(), provider.status().message());
                watch.close();
            } finally {
                provider.close();
            }
        }
    }
}
