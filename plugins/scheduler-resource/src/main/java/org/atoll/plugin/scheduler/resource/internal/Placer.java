package org.atoll.plugin.scheduler.resource.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import org.atoll.spi.scheduler.PlacementRequest;
import org.atoll.spi.scheduler.PlacementResult;
import org.atoll.spi.scheduler.PlacementUnit;

/** One placement: greedy, largest demand first, each to the best node by the configured mode. */
final class Placer {

    private final Settings settings;

    Placer(Settings settings) {
        this.settings = settings;
    }

    PlacementResult place(PlacementRequest request) {
        Objects.requireNonNull(request, "request");
        Cluster cluster = Cluster.of(request.nodes(), request.existing(), settings);
        Map<String, String> assignments = new HashMap<>();
        Map<String, String> unplaced = new HashMap<>();
        for (Demand d : Demand.plan(request.units(), cluster, unplaced)) {
            NodeState node = choose(cluster, d);
            if (node == null) {
                String reason = Reasons.why(cluster, d);
                d.units.forEach(u -> unplaced.put(u.id(), reason));
                continue;
            }
            for (PlacementUnit u : d.units) {
                node.add(Demand.cpu(u), Demand.memory(u), u.spreadKey());
                assignments.put(u.id(), node.name);
            }
        }
        return new PlacementResult(assignments, unplaced);
    }

    private NodeState choose(Cluster cluster, Demand d) {
        boolean binpack = settings.mode() == Settings.Mode.BINPACK;
        NodeState best = null;
        double bestLoad = 0;
        // Candidates come in name order, so keeping the first of equals breaks ties by name.
        for (NodeState n : cluster.candidates(d)) {
            if (!n.fits(d.cpu, d.memory) || !d.withinLimits(n)) {
                continue;
            }
            double load = n.loadAfter(d.cpu, d.memory);
            if (best == null || (binpack ? better(load, bestLoad, n.instances(), best.instances())
                    : better(bestLoad, load, best.instances(), n.instances()))) {
                best = n;
                bestLoad = load;
            }
        }
        return best;
    }

    /** Is (a, countA) more loaded than (b, countB)? Load first, then the number of instances. */
    private static boolean better(double a, double b, int countA, int countB) {
        return a > b || (a == b && countA > countB);
    }
}
