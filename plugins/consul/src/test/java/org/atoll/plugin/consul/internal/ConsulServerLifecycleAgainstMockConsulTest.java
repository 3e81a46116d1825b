package org.atoll.plugin.consul.internal;

import static org.atoll.plugin.consul.internal.Fixtures.provider;
import static org.atoll.plugin.consul.internal.Fixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.atoll.api.model.Registry;
import org.atoll.spi.ProviderException;
import org.atoll.spi.discovery.RegistryServer;
import org.junit.jupiter.api.Test;

/**
 * Deployed Consul servers: the argument lists prepareServer hands the kernel (checked against Consul's agent
 * CLI reference, never run here) and retireServer's calls against MockConsulAgent, an in-process mock of
 * Consul's HTTP API (not Consul: no raft, no gossip).
 */
class ConsulServerLifecycleAgainstMockConsulTest {

    private static final Registry C1 = new Registry("consul-1", "consul", "node-1", "10.0.0.1", null);
    private static final Registry C2 = new Registry("consul-2", "consul", "node-2", "10.0.0.2", null);
    private static final Registry C3 = new Registry("consul-3", "consul", "node-3", "10.0.0.3", null);
    private static final Registry ADOPTED = new Registry("ext", "consul", null, "10.9.9.9", "http://10.9.9.9:8500");

    @Test
    void theFirstServerBootstrapsItsCluster() {
        ConsulDiscoveryProvider p = new ConsulDiscoveryProvider("1", settings(15, ""));
        try {
            RegistryServer s = p.prepareServer(C1, List.of());
            assertEquals("hashicorp/consul:1.20", s.image());
            assertEquals(List.of("consul", "agent", "-server", "-bootstrap-expect=1", "-node", "consul-1",
                    "-bind", "10.0.0.1", "-client", "10.0.0.1", "-data-dir", "/consul/data", "-ui"), s.cmd());
            assertEquals(Map.of(), s.env());
            assertEquals("host", s.network());
            assertEquals(Map.of("data", "/consul/data"), s.volumes());
            assertEquals(s, p.prepareServer(C1, List.of(C1)), "idempotent: itself is no member to join");
            assertEquals(s, p.prepareServer(C1, List.of(ADOPTED)), "adopted registries are not joined");
        } finally {
            p.close();
        }
    }

    @Test
    void laterServersRetryJoinEveryDeployedMemberAndDoNotBootstrap() {
        ConsulDiscoveryProvider p = new ConsulDiscoveryProvider("1", settings(15, ""));
        try {
            RegistryServer s = p.prepareServer(C3, List.of(C1, ADOPTED, C2, C3));
            assertEquals(List.of("consul", "agent", "-server", "-node", "consul-3", "-bind", "10.0.0.3",
                    "-client", "10.0.0.3", "-data-dir", "/consul/data", "-ui",
                    "-retry-join", "10.0.0.1", "-retry-join", "10.0.0.2"), s.cmd());
            Registry v6 = new Registry("consul-6", "consul", "node-6", "fd00::6", null);
            List<String> cmd = p.prepareServer(C1, List.of(v6)).cmd();
            assertEquals(List.of("-retry-join", "[fd00::6]"), cmd.subList(cmd.size() - 2, cmd.size()),
                    "IPv6 literals in brackets");
        } finally {
            p.close();
        }
    }

    @Test
    void datacenterAndANonDefaultPortReachTheServerCommand() {
        ConsulDiscoveryProvider p = new ConsulDiscoveryProvider("1",
                Settings.of(8600, "east", "", 2, 10, 2, 15, "1m", "local/consul:1"));
        try {
            RegistryServer s = p.prepareServer(C2, List.of(C1));
            assertEquals("local/consul:1", s.image());
            assertEquals(List.of("consul", "agent", "-server", "-node", "consul-2", "-bind", "10.0.0.2",
                    "-client", "10.0.0.2", "-data-dir", "/consul/data", "-ui", "-datacenter", "east",
                    "-http-port", "8600", "-retry-join", "10.0.0.1"), s.cmd());
            ProviderException e = assertThrows(ProviderException.class,
                    () -> p.prepareServer(new Registry("x", "consul", "n", null, null), List.of()));
            assertFalse(e.retryable());
        } finally {
            p.close();
        }
    }

    @Test
    void aReachableServerLeavesGracefully() {
        try (MockConsulAgent leaving = MockConsulAgent.start(); MockConsulAgent staying = MockConsulAgent.start()) {
            // Deployed registries on loopback; the leaving one at the configured port.
            Registry gone = new Registry("consul-2", "consul", "node-2", "127.0.0.1", null);
            ConsulDiscoveryProvider p = provider(Settings.of(leaving.port(), "", "", 2, 10, 2, 15, "1m",
                    Settings.DEFAULT_IMAGE));
            try {
                p.retireServer(gone, List.of(staying.adopted("consul-1")));
                assertTrue(leaving.left());
                assertEquals(1, leaving.requests("PUT", x -> x.equals("/v1/agent/leave")).size());
                assertEquals(List.of(), staying.requests(), "no raft surgery after a graceful leave");
            } finally {
                p.close();
            }
        }
    }

    @Test
    void aDeadServerIsRemovedFromRaftThroughARemainingOneOnce() {
        try (MockConsulAgent staying = MockConsulAgent.start()) {
            staying.setRaftPeers(List.of("127.0.0.1:8300", "127.0.0.2:8300"));
            // 127.0.0.2 on the provider's port: nothing listens there, the server is dead.
            Registry dead = new Registry("consul-2", "consul", "node-2", "127.0.0.2", null);
            ConsulDiscoveryProvider p = provider(Settings.of(staying.port(), "", "", 2, 10, 2, 15, "1m",
                    Settings.DEFAULT_IMAGE));
            try {
                p.retireServer(dead, List.of(dead, staying.adopted("consul-1")));
                assertEquals(List.of("127.0.0.1:8300"), staying.raftPeers());
                List<MockConsulAgent.Request> deletes = staying.requests("DELETE", x -> x.equals("/v1/operator/raft/peer"));
                assertEquals(1, deletes.size());
                assertEquals(Map.of("address", List.of("127.0.0.2:8300")), deletes.get(0).query());

                p.retireServer(dead, List.of(staying.adopted("consul-1")));
                assertEquals(1, staying.requests("DELETE", x -> true).size(), "gone already: nothing to remove");
                assertEquals(2, staying.requests("GET", x -> x.equals("/v1/operator/raft/configuration")).size());
                p.retireServer(dead, List.of()); // the last one: nobody to tell
            } finally {
                p.close();
            }
        }
    }
}
