package org.atoll.kernel.internal.schedule;

import java.util.HashMap;
import java.util.Map;

import org.atoll.api.model.Resources;
import org.atoll.spi.ProviderInfo;
import org.atoll.spi.scheduler.NodeCapacity;
import org.atoll.spi.scheduler.Placement;
import org.atoll.spi.scheduler.PlacementRequest;
import org.atoll.spi.scheduler.PlacementResult;
import org.atoll.spi.scheduler.PlacementStrategy;
import org.atoll.spi.scheduler.PlacementUnit;

/** A test strategy: the first node, by name, with room. */
public final class FirstFit implements PlacementStrategy {

    private final String name;

    public FirstFit() {
        this("first-fit");
    }

    public FirstFit(String name) {
        this.name = name;
    }

    @Override
    public ProviderInfo info() {
        return new ProviderInfo(name, "test", "first fit, for tests");
    }

    @Override
    public PlacementResult place(PlacementRequest request) {
        Map<String, Resources> used = new HashMap<>();
        for (Placement p : request.existing()) {
            used.merge(p.node(), p.resources(), Resources::plus);
        }
        Map<String, String> assigned = new HashMap<>();
        Map<String, String> unplaced = new HashMap<>();
        for (PlacementUnit u : request.units()) {
            String chosen = request.nodes().stream().map(NodeCapacity::node).sorted()
                    .filter(n -> u.allowedNodes().isEmpty() || u.allowedNodes().contains(n))
                    .filter(n -> capacity(request, n).canHold(used.getOrDefault(n, Resources.NONE), u.resources()))
                    .findFirst().orElse(null);
            if (chosen == null) {
                unplaced.put(u.id(), "no room");
            } else {
                assigned.put(u.id(), chosen);
                used.merge(chosen, u.resources(), Resources::plus);
            }
        }
        return new PlacementResult(assigned, unplaced);
    }

    private static Resources capacity(PlacementRequest r, String node) {
        return r.nodes().stream().filter(n -> n.node().equals(node)).findFirst().orElseThrow().capacity();
    }
}
