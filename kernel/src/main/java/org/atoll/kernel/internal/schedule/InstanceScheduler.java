package org.atoll.kernel.internal.schedule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.atoll.api.model.Instance;
import org.atoll.api.model.Node;
import org.atoll.api.model.Resources;
import org.atoll.api.model.ServiceSpec;
import org.atoll.spi.scheduler.NodeCapacity;
import org.atoll.spi.scheduler.Placement;
import org.atoll.spi.scheduler.PlacementRequest;
import org.atoll.spi.scheduler.PlacementResult;
import org.atoll.spi.scheduler.PlacementStrategy;
import org.atoll.spi.scheduler.PlacementUnit;

/**
 * Works out the instances a service should have: ordinals 1..count of its current version. An
 * instance that already exists on a node that is up and allowed keeps its node (nothing moves
 * without a reason); the others are placed by the placement strategy on the nodes that are up,
 * counting what every other instance in the cluster uses. Pure: it reads its arguments only.
 */
public final class InstanceScheduler {

    private InstanceScheduler() {
    }

    /**
     * @param deployment the service's deployment
     * @param service    the service's name
     * @param version    the version to run
     * @param spec       that version's spec (count, resources, allowed nodes)
     * @param current    the service's desired instances now (any version)
     * @param others     every other desired instance in the cluster, for capacity
     * @param nodes      the nodes that are up
     * @param resources  what an existing instance uses, by instance
     * @return the service's instances, sorted by ordinal
     * @throws SchedulingException if some instance cannot be placed
     */
    public static List<Instance> schedule(String deployment, String service, int version, ServiceSpec spec,
            List<Instance> current, List<Instance> others, List<Node> nodes, PlacementStrategy strategy,
            Function<Instance, Resources> resources) {
        Set<String> up = new java.util.HashSet<>();
        nodes.forEach(n -> up.add(n.name()));
        Map<String, Instance> existing = new HashMap<>();
        current.forEach(i -> existing.put(i.id(), i));

        List<Instance> result = new ArrayList<>();
        List<PlacementUnit> units = new ArrayList<>();
        List<Placement> placed = new ArrayList<>();
        for (Instance other : others) {
            if (other.node() != null) {
                placed.add(new Placement(other.id(), other.node(), null, key(other.deployment(), other.service()),
                        resources.apply(other)));
            }
        }
        String spreadKey = key(deployment, service);
        for (int ordinal = 1; ordinal <= spec.count(); ordinal++) {
            Instance wanted = Instance.of(deployment, service, version, ordinal, null);
            Instance had = existing.get(wanted.id());
            if (had != null && had.node() != null && up.contains(had.node())
                    && (spec.nodes().isEmpty() || spec.nodes().contains(had.node()))) {
                result.add(had);
                placed.add(new Placement(had.id(), had.node(), null, spreadKey, spec.resources()));
            } else {
                units.add(new PlacementUnit(wanted.id(), null, 0, spreadKey, spec.resources(), spec.nodes()));
            }
        }
        if (!units.isEmpty()) {
            List<NodeCapacity> capacities = nodes.stream().map(n -> new NodeCapacity(n.name(), n.capacity())).toList();
            PlacementResult answer = strategy.place(new PlacementRequest(units, capacities, placed));
            if (!answer.complete()) {
                throw new SchedulingException(answer.unplaced());
            }
            for (PlacementUnit unit : units) {
                String node = answer.assignments().get(unit.id());
                if (node == null || !up.contains(node)) {
                    throw new SchedulingException(Map.of(unit.id(), "placement strategy '" + strategy.info().name()
                            + "' answered " + (node == null ? "nothing" : "node " + node + ", which is not up")));
                }
                int ordinal = Integer.parseInt(unit.id().substring(unit.id().lastIndexOf('-') + 1));
                result.add(Instance.of(deployment, service, version, ordinal, node));
            }
        }
        result.sort(java.util.Comparator.comparingInt(Instance::ordinal));
        return result;
    }

    private static String key(String deployment, String service) {
        return deployment + "/" + service;
    }
}
