package org.atoll.spi.backend;

import org.osgi.annotation.versioning.ProviderType;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.atoll.api.model.PortSpec;
import org.atoll.api.model.Resources;

/**
 * Everything a backend needs to create one instance. Environment values may hold secrets: a backend
 * passes them to the container only, never to logs or process arguments.
 *
 * @param id         the Atoll instance id ({@code foo-web-2-1})
 * @param deployment the deployment's name
 * @param service    the service's name
 * @param version    the service version
 * @param image      the image to run
 * @param cmd        command and arguments; empty = the image's default
 * @param env        environment, already merged (deployment, service, links)
 * @param ports      ports to publish
 * @param mounts     host path → container path
 * @param resources  limits; zero dimensions are unlimited
 * @param labels     extra labels to attach
 * @param network    the network to join ({@code host}, {@code none}, {@code bridge} or a network's
 *                   name); null = the backend's configured default
 */
@ProviderType
public record InstanceSpec(String id, String deployment, String service, int version, String image, List<String> cmd,
        Map<String, String> env, List<PortSpec> ports, Map<String, String> mounts, Resources resources,
        Map<String, String> labels, String network) {

    public InstanceSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(image, "image");
        cmd = cmd == null ? List.of() : List.copyOf(cmd);
        env = env == null ? Map.of() : Map.copyOf(env);
        ports = ports == null ? List.of() : List.copyOf(ports);
        mounts = mounts == null ? Map.of() : Map.copyOf(mounts);
        resources = resources == null ? Resources.NONE : resources;
        labels = labels == null ? Map.of() : Map.copyOf(labels);
        network = network == null || network.isEmpty() ? null : network;
    }

    /** A spec on the backend's default network. */
    public InstanceSpec(String id, String deployment, String service, int version, String image, List<String> cmd,
            Map<String, String> env, List<PortSpec> ports, Map<String, String> mounts, Resources resources,
            Map<String, String> labels) {
        this(id, deployment, service, version, image, cmd, env, ports, mounts, resources, labels, null);
    }

    @Override
    public String toString() {
        // env may carry secrets: never print its values
        return "InstanceSpec[" + id + ", image=" + image + ", env=" + env.keySet() + "]";
    }
}
