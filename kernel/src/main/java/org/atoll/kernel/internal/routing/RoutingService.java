package org.atoll.kernel.internal.routing;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.atoll.kernel.internal.input.Domain;

/**
 * Load balancers, webservers, routing domains and the managed hosts block. Every change is stored
 * first and then applied by the routing reconciler of the proxy's node; a change the proxy's own
 * checker refuses is taken back, so it changes nothing.
 */
public interface RoutingService {

    /** The system proxy that serves the routing domains of Servicefiles, on every node that has some. */
    String DOMAINS_PROXY = "atoll-domains";

    /**
     * Adds a load balancer.
     *
     * @param name    null = {@code KIND-N}
     * @param address null = the next free address of the routing range on its node
     * @return what happened, for operators
     */
    String addLoadBalancer(String kind, String node, String name, String url, List<String> backends, String mode,
            Tls tls, String address, Duration wait);

    String removeLoadBalancer(String name, Duration wait);

    String addBackends(String lb, List<String> backends, Duration wait);

    String removeBackends(String lb, List<String> backends, Duration wait);

    /** {@code mode|url|ssl|workers|resolvers VALUE} of a load balancer. */
    String set(String lb, String setting, String value, Duration wait);

    /** Forwards {@code port} of the proxy named by {@code target} ({@code NODE:PROXY}) on its node's address. */
    String publishPort(String target, int port, int hostPort, Duration wait);

    String unpublishPort(String target, int hostPort, Duration wait);

    String addWebserver(String node, String name, String address, Duration wait);

    String removeWebserver(String name, Duration wait);

    String publishApp(String webserver, String url, String backend, Tls tls, Duration wait);

    String removeApp(String webserver, String url, Duration wait);

    String addHost(String url, String address);

    String removeHost(String url);

    /** The managed host names → address. */
    Map<String, String> hosts();

    /** Makes the routing domains of {@code deployment} exactly {@code domains}; empty removes them. */
    String declareDomains(String deployment, Map<String, Domain> domains, Duration wait);

    List<ProxyView> loadBalancers();

    List<ProxyView> webservers();

    /** Routing domains with their deployment:service and whether they require authentication. */
    List<DomainView> domains();

    List<String> loadBalancerNames();

    List<String> webserverNames();

    /** TLS given as files, or generated. */
    record Tls(String certificate, String key, boolean selfSigned) {
        public static Tls files(String certificate, String key) {
            return certificate == null && key == null ? null : new Tls(certificate, key, false);
        }
    }

    /** A proxy as operators see it. */
    record ProxyView(String name, String kind, String node, String address, String listens, List<String> routes,
            String state, String message) {
    }

    record DomainView(String domain, String deployment, String service, List<String> users, String node) {
    }
}
