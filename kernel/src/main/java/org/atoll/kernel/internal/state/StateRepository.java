package org.atoll.kernel.internal.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.atoll.api.model.Deployment;
import org.atoll.api.model.Instance;
import org.atoll.api.model.Node;
import org.atoll.api.model.Service;
import org.atoll.api.model.ServiceVersion;
import org.atoll.spi.store.KeyValue;
import org.atoll.spi.store.StateStore;

/**
 * Typed reads of the desired state over a {@link StateStore}. Writes go through transactions built
 * by the services that own each part, so that a change of several keys is one revision.
 */
public final class StateRepository {

    private final StateStore store;

    public StateRepository(StateStore store) {
        this.store = store;
    }

    public StateStore store() {
        return store;
    }

    public Optional<Deployment> deployment(String name) {
        return get(Keys.deployment(name), Deployment.class);
    }

    public List<Deployment> deployments() {
        return list(Keys.DEPLOYMENTS, Deployment.class);
    }

    public List<Service> services(String deployment) {
        return list(Keys.services(deployment), Service.class);
    }

    public List<Service> services() {
        return list(Keys.SERVICES, Service.class);
    }

    public Optional<Service> service(String deployment, String service) {
        return get(Keys.service(deployment, service), Service.class);
    }

    public List<ServiceVersion> versions(String deployment, String service) {
        List<ServiceVersion> versions = list(Keys.versions(deployment, service), ServiceVersion.class);
        versions.sort(Comparator.comparingInt(ServiceVersion::version));
        return versions;
    }

    public Optional<ServiceVersion> version(String deployment, String service, int version) {
        return get(Keys.version(deployment, service, version), ServiceVersion.class);
    }

    public List<Instance> instances() {
        return list(Keys.INSTANCES, Instance.class);
    }

    public List<Instance> instances(String deployment) {
        return list(Keys.instances(deployment), Instance.class);
    }

    public List<Instance> instancesOn(String node) {
        return instances().stream().filter(i -> node.equals(i.node())).collect(Collectors.toList());
    }

    public List<Node> nodes() {
        return list(Keys.NODES, Node.class);
    }

    /** The nodes whose heartbeat key exists (its lease has not expired). */
    public Set<String> liveNodes() {
        return store.list(Keys.ALIVE).stream().map(kv -> Keys.leaf(kv.key())).collect(Collectors.toSet());
    }

    public <T> Optional<T> get(String key, Class<T> type) {
        return store.get(key).map(kv -> Json.read(kv.value(), type));
    }

    public <T> List<T> list(String prefix, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (KeyValue kv : store.list(prefix)) {
            out.add(Json.read(kv.value(), type));
        }
        return out;
    }
}
