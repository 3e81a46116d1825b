package org.atoll.plugin.etcd.internal;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.atoll.api.model.Registry;
import org.atoll.spi.ProviderException;
import org.atoll.spi.discovery.RegistryServer;

import io.etcd.jetcd.cluster.Member;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deployed etcd servers: the command that runs one, and the membership changes around it.
 *
 * <p>Joining: when {@code members} is not empty, the new member is added to the running cluster
 * (unless a member with its peer URL exists already) and {@code --initial-cluster} is the cluster's
 * own member list, as etcd requires of a joining member. That list therefore also names adopted
 * (external) members, by the peer URLs the cluster knows, which a registry does not record. When
 * {@code members} are all adopted registries and their member list cannot be read, the new server
 * starts a cluster of its own ({@code new}); when a deployed member exists but the cluster cannot be
 * reached, preparing fails (retryably) rather than split the cluster.
 */
final class Servers {

    private static final Logger LOG = LoggerFactory.getLogger(Servers.class);
    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    static final String DATA = "/var/lib/etcd";

    private final Settings settings;
    private final Threads threads;

    Servers(Settings settings, Threads threads) {
        this.settings = settings;
        this.threads = threads;
    }

    RegistryServer prepare(Registry registry, List<Registry> members) {
        check(registry);
        String peer = peerUrl(registry);
        List<Registry> others = others(registry, members);
        String state = "new";
        List<String> cluster = List.of(registry.name() + "=" + peer);
        if (!others.isEmpty()) {
            boolean deployed = others.stream().anyMatch(m -> m.external() == null || m.external().isBlank());
            try {
                cluster = join(registry, peer, others);
                state = "existing";
            } catch (ProviderException e) {
                if (deployed) {
                    throw e;
                }
                LOG.warn("cannot read the member list of the adopted etcd registries ({}); {} starts a cluster"
                        + " of its own", e.getMessage(), registry.name());
            }
        }
        String client = clientUrl(registry);
        List<String> cmd = List.of("/usr/bin/etcd",
                "--name", registry.name(),
                "--data-dir", DATA,
                "--listen-client-urls", client,
                "--advertise-client-urls", client,
                "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer,
                "--initial-cluster", String.join(",", cluster),
                "--initial-cluster-state", state,
                "--initial-cluster-token", "atoll");
        return new RegistryServer(settings.image(), cmd, Map.of(), "host", Map.of("data", DATA));
    }

    void retire(Registry registry, List<Registry> remaining) {
        check(registry);
        List<Registry> others = others(registry, remaining);
        if (others.isEmpty()) {
            return; // the last member: no cluster is left to keep a quorum in
        }
        String peer = peerUrl(registry);
        try (Connection c = open(others)) {
            List<Member> list = c.call("list members", cl -> cl.getClusterClient().listMember()).getMembers();
            Optional<Member> m = list.stream()
                    .filter(x -> hasPeer(x, peer) || registry.name().equals(x.getName()))
                    .findFirst();
            if (m.isEmpty()) {
                return;
            }
            try {
                c.call("remove member " + registry.name(),
                        cl -> cl.getClusterClient().removeMember(m.get().getId()));
                LOG.info("etcd member {} ({}) removed from the cluster", registry.name(), peer);
            } catch (ProviderException e) {
                if (!Failures.memberNotFound(e)) {
                    throw e;
                }
            }
        }
    }

    /** Adds the member unless its peer URL is known; returns the {@code --initial-cluster} entries. */
    private List<String> join(Registry registry, String peer, List<Registry> others) {
        try (Connection c = open(others)) {
            List<Member> list = c.call("list members", cl -> cl.getClusterClient().listMember()).getMembers();
            if (list.stream().noneMatch(m -> hasPeer(m, peer))) {
                list = c.call("add member " + registry.name(),
                        cl -> cl.getClusterClient().addMember(List.of(URI.create(peer)))).getMembers();
                LOG.info("etcd member {} ({}) added to the cluster", registry.name(), peer);
            }
            TreeSet<String> entries = new TreeSet<>();
            for (Member m : list) {
                for (URI u : m.getPeerURIs()) {
                    entries.add(memberName(m, registry, peer, others) + "=" + normalize(u.toString()));
                }
            }
            if (entries.stream().noneMatch(e -> e.endsWith("=" + peer))) {
                entries.add(registry.name() + "=" + peer);
            }
            return new ArrayList<>(entries);
        }
    }

    private String memberName(Member m, Registry registry, String peer, List<Registry> others) {
        if (hasPeer(m, peer)) {
            return registry.name();
        }
        if (m.getName() != null && !m.getName().isEmpty()) {
            return m.getName();
        }
        // added but never started: name it after the registry with that peer URL, if any
        return others.stream().filter(r -> r.address() != null && hasPeer(m, peerUrl(r))).map(Registry::name)
                .findFirst().orElse("member-" + Long.toHexString(m.getId()));
    }

    private Connection open(List<Registry> registries) {
        Endpoints e = Endpoints.of(registries, settings.clientPort());
        if (e.isEmpty()) {
            throw new ProviderException("no usable etcd registry among "
                    + registries.stream().map(Registry::name).collect(Collectors.joining(", "))
                    + (e.problems().isEmpty() ? "" : ": " + String.join("; ", e.problems())), false);
        }
        return Connection.open(e, threads, settings.requestTimeout());
    }

    private static List<Registry> others(Registry registry, List<Registry> members) {
        return (members == null ? List.<Registry>of() : members).stream()
                .filter(m -> m != null && !registry.name().equals(m.name()))
                .collect(Collectors.toList());
    }

    private static boolean hasPeer(Member m, String peer) {
        return m.getPeerURIs().stream().anyMatch(u -> normalize(u.toString()).equals(peer));
    }

    private static String normalize(String url) {
        String u = url.toLowerCase(Locale.ROOT);
        return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
    }

    String peerUrl(Registry r) {
        return normalize("http://" + Endpoints.hostLiteral(r.address().trim()) + ":" + settings.peerPort());
    }

    String clientUrl(Registry r) {
        return "http://" + Endpoints.hostLiteral(r.address().trim()) + ":" + settings.clientPort();
    }

    private static void check(Registry r) {
        if (r == null || r.name() == null || !LABEL.matcher(r.name()).matches()) {
            throw new ProviderException("an etcd server needs a registry named by a DNS label, not "
                    + (r == null ? "nothing" : "'" + r.name() + "'"), false);
        }
        if (r.external() != null && !r.external().isBlank()) {
            throw new ProviderException("registry " + r.name() + " is adopted (" + "external" + "), not deployed",
                    false);
        }
        if (r.address() == null || r.address().isBlank()
                || !r.address().trim().matches("[A-Za-z0-9.:-]+")) {
            throw new ProviderException("registry " + r.name() + " needs an address to deploy on", false);
        }
    }
}
