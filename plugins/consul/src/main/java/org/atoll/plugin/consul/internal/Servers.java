package org.atoll.plugin.consul.internal;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atoll.api.model.Registry;
import org.atoll.spi.ProviderException;
import org.atoll.spi.discovery.RegistryServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Consul servers Atoll deploys: how to run one ({@code consul agent -server}, host network, data in the
 * {@code data} volume) and how to take one out of the raft cluster. Only {@code -bootstrap-expect=1} on the
 * first server: Consul treats 1 as bootstrap mode, which must hold for at most one server, so later servers
 * leave the flag out (as Consul's flag reference allows) and join the existing cluster through
 * {@code -retry-join}; no API call is needed to add them.
 */
final class Servers {

    static final String DATA_DIR = "/consul/data";
    static final String DATA_VOLUME = "data";
    /** Consul's default server RPC port: the port of raft peer addresses. */
    static final int SERVER_RPC_PORT = 8300;

    private static final Logger LOG = LoggerFactory.getLogger(Servers.class);

    private final Settings settings;
    private final HttpClient client;
    private final ObjectMapper json;

    Servers(Settings settings, HttpClient client, ObjectMapper json) {
        this.settings = settings;
        this.client = client;
        this.json = json;
    }

    RegistryServer prepare(Registry registry, List<Registry> members) {
        String address = address(registry);
        List<String> joins = new ArrayList<>();
        for (Registry m : members) {
            if (deployed(m) && !m.name().equals(registry.name()) && !m.address().equals(address)) {
                joins.add(Paths.host(m.address().trim()));
            }
        }
        List<String> cmd = new ArrayList<>(List.of("consul", "agent", "-server"));
        if (joins.isEmpty()) {
            cmd.add("-bootstrap-expect=1");
        }
        cmd.addAll(List.of("-node", registry.name(), "-bind", address, "-client", address,
                "-data-dir", DATA_DIR, "-ui"));
        if (!settings.datacenter().isEmpty()) {
            cmd.addAll(List.of("-datacenter", settings.datacenter()));
        }
        if (settings.port() != Settings.DEFAULT_PORT) {
            cmd.addAll(List.of("-http-port", Integer.toString(settings.port())));
        }
        joins.forEach(j -> cmd.addAll(List.of("-retry-join", j)));
        return new RegistryServer(settings.image(), cmd, Map.of(), "host", Map.of(DATA_VOLUME, DATA_DIR));
    }

    /**
     * A graceful {@code PUT /v1/agent/leave} on the leaving server when it answers; otherwise its raft peer
     * is deleted through a remaining server ({@code DELETE /v1/operator/raft/peer?address=IP:8300}), only
     * when the raft configuration still lists it. Gone already, nothing is done.
     */
    void retire(Registry registry, List<Registry> remaining) {
        String address = address(registry);
        RegistryUrls.Result own = RegistryUrls.of(registry, settings.port());
        Agents quiet = new Agents(client, settings, new Health());
        if (own.base() != null) {
            try {
                Agents.Response r = quiet.callOnly(own.base(), "PUT", "/v1/agent/leave");
                if (r.ok()) {
                    LOG.info("Consul server {} left its cluster", registry.name());
                    return;
                }
                LOG.info("Consul server {} refused to leave (HTTP {}); removing its raft peer instead",
                        registry.name(), r.status());
            } catch (IOException e) {
                LOG.info("Consul server {} does not answer ({}); removing its raft peer instead", registry.name(),
                        Agents.reason(e));
            }
        }
        List<URI> others = new ArrayList<>();
        for (Registry m : remaining) {
            if (!m.name().equals(registry.name())) {
                RegistryUrls.Result u = RegistryUrls.of(m, settings.port());
                if (u.base() != null) {
                    others.add(u.base());
                }
            }
        }
        if (others.isEmpty()) {
            return;
        }
        quiet.use(others);
        Map<String, String> q = new LinkedHashMap<>();
        if (!settings.datacenter().isEmpty()) {
            q.put("dc", settings.datacenter());
        }
        Agents.Response config = Failures.expectOk(
                quiet.call("GET", "/v1/operator/raft/configuration" + Paths.query(q), null), "read its raft configuration");
        for (String peer : peersOn(config, address)) {
            Map<String, String> dq = new LinkedHashMap<>(q);
            dq.put("address", peer);
            Failures.expectOk(quiet.call("DELETE", "/v1/operator/raft/peer" + Paths.query(dq), null),
                    "remove raft peer " + peer);
            LOG.info("Removed raft peer {} of consul server {}", peer, registry.name());
        }
    }

    private List<String> peersOn(Agents.Response config, String address) {
        List<String> peers = new ArrayList<>();
        JsonNode servers;
        try {
            servers = json.readTree(config.body()).path("Servers");
        } catch (IOException e) {
            throw new ProviderException("consul at " + config.base() + " answered with something that is not JSON",
                    true, e);
        }
        for (JsonNode s : servers) {
            String peer = s.path("Address").asText("");
            int colon = peer.lastIndexOf(':');
            String host = colon > 0 ? peer.substring(0, colon) : peer;
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            if (host.equals(address)) {
                peers.add(peer);
            }
        }
        return peers;
    }

    private static boolean deployed(Registry m) {
        return (m.external() == null || m.external().isBlank()) && m.address() != null && !m.address().isBlank();
    }

    private static String address(Registry r) {
        if (r.address() == null || r.address().isBlank()) {
            throw new ProviderException("registry " + r.name() + " has no address to run a consul server on", false);
        }
        return r.address().trim();
    }
}
