package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What to run for one service: everything that, when changed, makes a new {@link ServiceVersion}.
 *
 * @param image     the container image ({@code local/web:1})
 * @param cmd       the command and its arguments; empty = the image's default
 * @param env       environment variables; override the deployment's
 * @param ports     ports the instances listen on
 * @param volumes   named volumes: volume name → mount path in the container
 * @param links     ports of other services this one talks to
 * @param count     how many instances to run, 0 or more
 * @param checks    health checks run against each instance
 * @param resources what each instance asks for, used for placement and limits
 * @param nodes     the nodes instances may be placed on; empty = any node
 * @param network   the network instances join: {@code host}, {@code none}, {@code bridge} or a
 *                  backend network's name; null = the backend's default
 * @param database  the database the instances use; null = none
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@ProviderType
public record ServiceSpec(
        String image,
        List<String> cmd,
        Map<String, String> env,
        List<PortSpec> ports,
        Map<String, String> volumes,
        List<LinkSpec> links,
        int count,
        List<CheckSpec> checks,
        Resources resources,
        List<String> nodes,
        String network,
        DatabaseRef database) {

    public ServiceSpec {
        cmd = Copies.list(cmd);
        env = Copies.map(env);
        ports = Copies.list(ports);
        volumes = Copies.map(volumes);
        links = Copies.list(links);
        checks = Copies.list(checks);
        resources = resources == null ? Resources.NONE : resources;
        nodes = Copies.list(nodes);
        network = network == null || network.isEmpty() ? null : network;
    }

    /** A spec on the backend's default network, without a database. */
    public ServiceSpec(String image, List<String> cmd, Map<String, String> env, List<PortSpec> ports,
            Map<String, String> volumes, List<LinkSpec> links, int count, List<CheckSpec> checks, Resources resources,
            List<String> nodes) {
        this(image, cmd, env, ports, volumes, links, count, checks, resources, nodes, null, null);
    }

    /** A spec without a database. */
    public ServiceSpec(String image, List<String> cmd, Map<String, String> env, List<PortSpec> ports,
            Map<String, String> volumes, List<LinkSpec> links, int count, List<CheckSpec> checks, Resources resources,
            List<String> nodes, String network) {
        this(image, cmd, env, ports, volumes, links, count, checks, resources, nodes, network, null);
    }

    /** A spec that runs {@code count} instances of {@code image} with nothing else set. */
    public static ServiceSpec of(String image, int count) {
        return new ServiceSpec(image, null, null, null, null, null, count, null, null, null);
    }

    public ServiceSpec withCount(int newCount) {
        return new ServiceSpec(image, cmd, env, ports, volumes, links, newCount, checks, resources, nodes, network,
                database);
    }

    public ServiceSpec withNodes(List<String> newNodes) {
        return new ServiceSpec(image, cmd, env, ports, volumes, links, count, checks, resources, newNodes, network,
                database);
    }

    /**
     * True when the two specs differ only in placement ({@code count} and {@code nodes}): scaling or
     * moving a service is not a new version.
     */
    public boolean sameExceptPlacement(ServiceSpec other) {
        return other != null && withCount(0).withNodes(null).equals(other.withCount(0).withNodes(null));
    }
}
