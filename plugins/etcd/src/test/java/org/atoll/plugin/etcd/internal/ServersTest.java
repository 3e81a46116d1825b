package org.atoll.plugin.etcd.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.atoll.api.model.Registry;
import org.atoll.spi.ProviderException;
import org.atoll.spi.discovery.RegistryServer;
import org.junit.jupiter.api.Test;

import io.etcd.jetcd.Client;
import io.etcd.jetcd.cluster.Member;

/**
 * Deployed servers: the commands prepareServer returns are run with the host's etcd binary (the
 * image holds the same one), on 127.0.0.2 and 127.0.0.3 so both can use the configured ports.
 */
class ServersTest {

    @Test
    void aFirstMemberStartsAClusterASecondJoinsItAndRetiringRemovesIt() throws Exception {
        List<Integer> ports = EtcdServers.freePorts("127.0.0.1", 2);
        Settings settings = Settings.of(Fixtures.uniquePrefix(), 10, 5, 1, 1, Settings.DEFAULT_IMAGE, ports.get(0),
                ports.get(1));
        String peer1 = "http://127.0.0.2:" + ports.get(1);
        String peer2 = "http://127.0.0.3:" + ports.get(1);
        Registry one = new Registry("etcd-1", "etcd", "node-1", "127.0.0.2", null);
        Registry two = new Registry("etcd-2", "etcd", "node-2", "127.0.0.3", null);

        try (EtcdServers etcd = new EtcdServers()) {
            EtcdDiscovery provider = new EtcdDiscovery("0.0.0.test", settings);
            try {
                RegistryServer first = provider.prepareServer(one, List.of());
                assertEquals(Settings.DEFAULT_IMAGE, first.image());
                assertEquals("host", first.network());
                assertEquals(Map.of("data", "/var/lib/etcd"), first.volumes());
                assertEquals(Map.of(), first.env());
                assertEquals(List.of("/usr/bin/etcd", "--name", "etcd-1", "--data-dir", "/var/lib/etcd",
                        "--listen-client-urls", "http://127.0.0.2:" + ports.get(0),
                        "--advertise-client-urls", "http://127.0.0.2:" + ports.get(0),
                        "--listen-peer-urls", peer1, "--initial-advertise-peer-urls", peer1,
                        "--initial-cluster", "etcd-1=" + peer1, "--initial-cluster-state", "new",
                        "--initial-cluster-token", "atoll"), first.cmd());
                run(etcd, first, "etcd-1");
                EtcdServers.awaitHealthy("http://127.0.0.2:" + ports.get(0), etcd.processes().get(0));
                provider.connect(List.of(one));

                RegistryServer second = provider.prepareServer(two, List.of(one));
                assertTrue(second.cmd().containsAll(List.of("--initial-cluster-state", "existing")), second.cmd().toString());
                assertEquals("etcd-1=" + peer1 + ",etcd-2=" + peer2, arg(second, "--initial-cluster"));
                assertEquals(List.of(peer1, peer2), peerUrls(ports.get(0)));

                run(etcd, second, "etcd-2");
                EtcdServers.awaitHealthy("http://127.0.0.3:" + ports.get(0), etcd.processes().get(1));
                EtcdServers.awaitHealthy("http://127.0.0.2:" + ports.get(0), etcd.processes().get(0));

                assertEquals(second, provider.prepareServer(two, List.of(one)), "preparing again changes nothing");
                assertEquals(second, provider.prepareServer(two, List.of(one, two)));
                assertEquals(List.of(peer1, peer2), peerUrls(ports.get(0)));

                // etcd refuses (retryably: "unhealthy cluster") to remove a member connected for < 5 s
                Waits.eventually(Duration.ofSeconds(20), "etcd-2 removed", () -> {
                    try {
                        provider.retireServer(two, List.of(one));
                    } catch (ProviderException e) {
                        assertTrue(e.retryable(), e.getMessage());
                        throw e;
                    }
                    return null;
                });
                assertEquals(List.of(peer1), peerUrls(ports.get(0)));
                provider.retireServer(two, List.of(one)); // idempotent
                provider.retireServer(one, List.of()); // the last one: nothing to keep a quorum for
            } finally {
                provider.close();
            }
        }
    }

    @Test
    void ipv6AddressesAreBracketed() {
        EtcdDiscovery provider = new EtcdDiscovery("0.0.0.test", Settings.defaults());
        try {
            RegistryServer s = provider.prepareServer(new Registry("etcd-1", "etcd", "node-1", "fd00::5", null),
                    List.of());
            assertEquals("http://[fd00::5]:2379", arg(s, "--listen-client-urls"));
            assertEquals("etcd-1=http://[fd00::5]:2380", arg(s, "--initial-cluster"));
        } finally {
            provider.close();
        }
    }

    private static void run(EtcdServers etcd, RegistryServer server, String name) {
        Path data = etcd.root().resolve(name + "-data");
        List<String> args = server.cmd().stream()
                .map(a -> a.equals("/var/lib/etcd") ? data.toString() : a)
                .collect(Collectors.toList());
        args.set(0, EtcdServers.BINARY.toString());
        etcd.launch(args, name);
    }

    private static String arg(RegistryServer s, String flag) {
        return s.cmd().get(s.cmd().indexOf(flag) + 1);
    }

    private static List<String> peerUrls(int clientPort) throws Exception {
        try (Client c = Client.builder().endpoints(URI.create("http://127.0.0.2:" + clientPort)).build()) {
            return c.getClusterClient().listMember().get(5, TimeUnit.SECONDS).getMembers().stream()
                    .map(Member::getPeerURIs).flatMap(List::stream).map(URI::toString).sorted()
                    .collect(Collectors.toList());
        }
    }
}
