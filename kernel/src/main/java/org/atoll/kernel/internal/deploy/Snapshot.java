package org.atoll.kernel.internal.deploy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atoll.api.model.Deployment;
import org.atoll.api.model.Instance;
import org.atoll.api.model.Node;
import org.atoll.api.model.Resources;
import org.atoll.api.model.Service;
import org.atoll.api.model.ServiceVersion;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.spi.store.KeyValue;

/**
 * The stored desired state a deploy starts from, read once: the deployment (with the mod revision
 * its change is conditional on), its services and versions, every instance in the cluster (for
 * capacity) and the nodes that are up.
 */
public record Snapshot(Deployment deployment, long deploymentRevision, Map<String, Service> services,
        Map<String, List<ServiceVersion>> versions, List<Instance> instances, List<Node> nodes,
        Map<String, Resources> resources) {

    public static Snapshot read(StateRepository state, String deployment) {
        Optional<KeyValue> kv = state.store().get(Keys.deployment(deployment));
        Map<String, Service> services = new HashMap<>();
        Map<String, List<ServiceVersion>> versions = new HashMap<>();
        for (Service s : state.services(deployment)) {
            services.put(s.name(), s);
            versions.put(s.name(), state.versions(deployment, s.name()));
        }
        List<Node> up = new ArrayList<>();
        var live = state.liveNodes();
        for (Node n : state.nodes()) {
            if (live.contains(n.name())) {
                up.add(n);
            }
        }
        List<Instance> instances = state.instances();
        Map<String, Resources> resources = new HashMap<>();
        for (Instance i : instances) {
            resources.computeIfAbsent(versionKey(i.deployment(), i.service(), i.version()),
                    k -> state.version(i.deployment(), i.service(), i.version()).map(v -> v.spec().resources())
                            .orElse(Resources.NONE));
        }
        return new Snapshot(state.deployment(deployment).orElse(null), kv.map(KeyValue::modRevision).orElse(0L),
                services, versions, instances, up, resources);
    }

    /** The key of {@link #resources()}: what each version's instances ask for. */
    public static String versionKey(String deployment, String service, int version) {
        return deployment + "/" + service + "/" + version;
    }

    public Optional<ServiceVersion> version(String service, int version) {
        return versions.getOrDefault(service, List.of()).stream().filter(v -> v.version() == version).findFirst();
    }

    public int latestVersion(String service) {
        return versions.getOrDefault(service, List.of()).stream().mapToInt(ServiceVersion::version).max().orElse(0);
    }

    public List<Instance> instancesOf(String deployment, String service) {
        return instances.stream().filter(i -> i.deployment().equals(deployment) && i.service().equals(service)).toList();
    }
}
