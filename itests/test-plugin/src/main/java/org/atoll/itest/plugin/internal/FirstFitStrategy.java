package org.atoll.itest.plugin.internal;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atoll.api.model.Resources;
import org.atoll.spi.Provider;
import org.atoll.spi.ProviderInfo;
import org.atoll.spi.scheduler.NodeCapacity;
import org.atoll.spi.scheduler.Placement;
import org.atoll.spi.scheduler.PlacementRequest;
import org.atoll.spi.scheduler.PlacementResult;
import org.atoll.spi.scheduler.PlacementStrategy;
import org.atoll.spi.scheduler.PlacementUnit;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * Test fixture: puts each unit on the first node, in request order, with room for it. Groups and
 * spreading are ignored; the itests only need a real provider whose bundle comes and goes.
 */
@Component(service = PlacementStrategy.class, property = Provider.PROPERTY + "=" + FirstFitStrategy.NAME)
public final class FirstFitStrategy implements PlacementStrategy {

    static final String NAME = "test-first-fit";

    private final ProviderInfo info;

    @Activate
    public FirstFitStrategy(BundleContext context) {
        info = new ProviderInfo(NAME, context.getBundle().getVersion().toString(),
                "Test fixture: the first node that fits");
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public PlacementResult place(PlacementRequest request) {
        Map<String, Resources> used = new HashMap<>();
        for (Placement p : request.existing()) {
            used.merge(p.node(), p.resources(), Resources::plus);
        }
        Map<String, String> assignments = new LinkedHashMap<>();
        Map<String, String> unplaced = new LinkedHashMap<>();
        for (PlacementUnit unit : request.units()) {
            String node = firstFit(unit, request.nodes(), used);
            if (node == null) {
                unplaced.put(unit.id(), "no node has room for " + unit.resources());
            } else {
                assignments.put(unit.id(), node);
                used.merge(node, unit.resources(), Resources::plus);
            }
        }
        return new PlacementResult(assignments, unplaced);
    }

    private static String firstFit(PlacementUnit unit, List<NodeCapacity> nodes, Map<String, Resources> used) {
        for (NodeCapacity node : nodes) {
            if (!unit.allowedNodes().isEmpty() && !unit.allowedNodes().contains(node.node())) {
                continue;
            }
            Resources after = used.getOrDefault(node.node(), Resources.NONE).plus(unit.resources());
            if (fits(node.capacity().cpuMillis(), after.cpuMillis())
                    && fits(node.capacity().memoryMb(), after.memoryMb())) {
                return node.node();
            }
        }
        return null;
    }

    /** A zero capacity means the dimension is not limited. */
    private static boolean fits(long capacity, long needed) {
        return capacity == 0 || needed <= capacity;
    }
}
