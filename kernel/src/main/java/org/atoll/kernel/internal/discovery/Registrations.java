package org.atoll.kernel.internal.discovery;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atoll.api.model.CheckSpec;
import org.atoll.api.model.Instance;
import org.atoll.api.model.PortSpec;
import org.atoll.api.model.ServiceSpec;
import org.atoll.spi.backend.BackendInstance;
import org.atoll.spi.discovery.Registration;

/**
 * What an instance publishes: one registration per port of its Servicefile service and per
 * {@code service-add} entry, each carrying the instance's checks with their targets resolved to the
 * instance's own address. Pure: everything comes in as arguments.
 */
final class Registrations {

    /** A running instance of this node with the spec of its version. */
    record Running(Instance instance, ServiceSpec spec, BackendInstance observed) {
    }

    private Registrations() {
    }

    /** The target forms a container service or check may be attached by. */
    static boolean matches(String target, Instance i) {
        return target.equals(i.id()) || target.equals(i.deployment() + ":" + i.service());
    }

    static List<Registration> of(String node, String nodeAddress, Running r, List<ContainerService> services,
            List<ContainerCheck> checks) {
        Instance i = r.instance();
        List<CheckSpec> resolved = new ArrayList<>();
        for (CheckSpec c : r.spec().checks()) {
            resolve(c, r, nodeAddress).ifPresent(resolved::add);
        }
        for (ContainerCheck c : checks) {
            if (matches(c.target(), i)) {
                resolve(c.check(), r, nodeAddress).ifPresent(resolved::add);
            }
        }
        Map<String, Registration> out = new LinkedHashMap<>();
        for (PortSpec p : r.spec().ports()) {
            add(out, node, nodeAddress, r, i.service(), p.container(), p.proto(), resolved);
        }
        for (ContainerService s : services) {
            if (matches(s.target(), i)) {
                add(out, node, nodeAddress, r, s.name(), s.port(), s.proto(), resolved);
            }
        }
        return List.copyOf(out.values());
    }

    private static void add(Map<String, Registration> out, String node, String nodeAddress, Running r, String name,
            int port, String proto, List<CheckSpec> checks) {
        Endpoint e = endpoint(r, nodeAddress, port);
        if (e == null) {
            return;
        }
        Instance i = r.instance();
        String id = i.id() + ":" + name + ":" + port;
        out.put(id, new Registration(id, name, i.deployment(), node, e.address(), e.port(), port, proto,
                r.observed().image(), List.of("atoll", "v" + i.version()), checks));
    }

    static Registration of(PublishedService p) {
        return new Registration(p.name(), p.name(), p.environment(), p.node(), p.address(), p.port(), p.port(), "tcp",
                "", List.of("published"), p.checks());
    }

    record Endpoint(String address, int port) {
    }

    /**
     * Where clients reach container port {@code port}: the node's address and the published port
     * when it is published (or the instance shares the host's network), else the instance's own
     * address on its network; null when it has none.
     */
    static Endpoint endpoint(Running r, String nodeAddress, int port) {
        if ("host".equals(r.spec().network())) {
            return new Endpoint(nodeAddress, port);
        }
        Integer published = r.observed().ports().get(port);
        if (published != null) {
            return new Endpoint(nodeAddress, published);
        }
        String own = r.observed().address();
        return own == null || own.isEmpty() ? null : new Endpoint(own, port);
    }

    /**
     * The instance's own address for each of its registrations: where a proxy on the same node
     * reaches the container port without the published port's forwarding. Empty for instances on the
     * host's network (the node address is their own) or without an address.
     */
    static Map<String, DirectAddresses.Direct> direct(Running r, List<Registration> registrations) {
        String own = r.observed().address();
        if ("host".equals(r.spec().network()) || own == null || own.isEmpty()) {
            return Map.of();
        }
        Map<String, DirectAddresses.Direct> out = new LinkedHashMap<>();
        for (Registration reg : registrations) {
            out.put(reg.id(), new DirectAddresses.Direct(own, reg.port()));
        }
        return out;
    }

    /** A check's target on the instance itself; empty when the port cannot be reached. */
    private static java.util.Optional<CheckSpec> resolve(CheckSpec c, Running r, String nodeAddress) {
        String target;
        if ("tcp".equals(c.type())) {
            Endpoint e = endpoint(r, nodeAddress, Integer.parseInt(c.target()));
            if (e == null) {
                return java.util.Optional.empty();
            }
            target = host(e.address()) + ":" + e.port();
        } else {
            URI uri = URI.create(c.target());
            int port = uri.getPort() > 0 ? uri.getPort() : "https".equals(uri.getScheme()) ? 443 : 80;
            Endpoint e = endpoint(r, nodeAddress, port);
            if (e == null) {
                return java.util.Optional.empty();
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
            target = uri.getScheme() + "://" + host(e.address()) + ":" + e.port() + path + query;
        }
        return java.util.Optional.of(new CheckSpec(c.name(), c.type(), target, c.interval(), c.timeout()));
    }

    static String host(String address) {
        return address.indexOf(':') >= 0 ? "[" + address + "]" : address;
    }
}
