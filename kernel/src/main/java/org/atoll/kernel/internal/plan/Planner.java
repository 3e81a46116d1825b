package org.atoll.kernel.internal.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.atoll.api.model.Instance;
import org.atoll.api.model.LinkSpec;
import org.atoll.api.model.Resources;
import org.atoll.api.model.ServiceSpec;
import org.atoll.kernel.internal.registry.ExtensionPoint;
import org.atoll.spi.backend.BackendInstance;
import org.atoll.spi.backend.ContainerBackend;
import org.atoll.spi.backend.InstanceState;

/**
 * Compares desired instances with what a backend reports and orders the steps between them.
 *
 * <p>Order: first everything that makes instances run, services that others link to before the
 * services that link to them, then by deployment, service, version and ordinal; removals last, so
 * that a new version runs before the old one goes. The planner is a pure function: it reads nothing
 * and changes nothing.
 */
public final class Planner {

    private Planner() {
    }

    /**
     * @param desired  the instances that should run on {@code node} through {@code backend}
     * @param observed what {@code backend} reports on {@code node}
     * @param specs    the spec of each desired instance's version, by instance id
     */
    public static Plan plan(String backend, String node, List<Instance> desired, List<BackendInstance> observed,
            Function<Instance, ServiceSpec> specs) {
        Map<String, BackendInstance> seen = new HashMap<>();
        observed.forEach(o -> seen.put(o.id(), o));
        Map<String, ServiceSpec> specById = new HashMap<>();
        Map<String, Integer> rank = linkRanks(desired, specs, specById);

        List<Instance> ordered = new ArrayList<>(desired);
        ordered.sort(Comparator.<Instance>comparingInt(i -> rank.getOrDefault(i.deployment() + "/" + i.service(), 0))
                .thenComparing(Instance::deployment).thenComparing(Instance::service)
                .thenComparingInt(Instance::version).thenComparingInt(Instance::ordinal));

        List<Step> steps = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        int lastStage = 0;
        for (Instance i : ordered) {
            wanted.add(i.id());
            BackendInstance o = seen.get(i.id());
            String image = specById.get(i.id()).image();
            int stage = rank.getOrDefault(i.deployment() + "/" + i.service(), 0);
            lastStage = Math.max(lastStage, stage);
            if (o == null) {
                steps.add(new Step(Step.Action.RUN, ExtensionPoint.BACKEND, backend, i.id(), node, image, stage));
            } else if (o.state() == InstanceState.DEAD) {
                steps.add(new Step(Step.Action.RECREATE, ExtensionPoint.BACKEND, backend, i.id(), node,
                        o.message().isEmpty() ? "dead" : o.message(), stage));
            } else if (o.state() != InstanceState.RUNNING) {
                steps.add(new Step(Step.Action.START, ExtensionPoint.BACKEND, backend, i.id(), node,
                        o.state().name().toLowerCase(), stage));
            }
        }
        int removalStage = lastStage + 1;
        observed.stream().filter(o -> !wanted.contains(o.id())).sorted(Comparator.comparing(BackendInstance::id))
                .forEach(o -> steps.add(new Step(Step.Action.REMOVE, ExtensionPoint.BACKEND, backend, o.id(), node,
                        "not desired", removalStage)));
        return new Plan(steps);
    }

    /**
     * Ranks services so that a linked service comes before the ones that link to it; services in a
     * link cycle keep the rank they reached (the cycle is reported by validation, not here).
     */
    static Map<String, Integer> linkRanks(List<Instance> desired, Function<Instance, ServiceSpec> specs,
            Map<String, ServiceSpec> specById) {
        Map<String, List<String>> linksOf = new LinkedHashMap<>();
        for (Instance i : desired) {
            ServiceSpec spec = specs.apply(i);
            specById.put(i.id(), spec);
            String key = i.deployment() + "/" + i.service();
            Set<String> targets = new LinkedHashSet<>();
            for (LinkSpec l : spec.links()) {
                targets.add(i.deployment() + "/" + l.service());
            }
            linksOf.merge(key, new ArrayList<>(targets), (a, b) -> {
                a.addAll(b);
                return a;
            });
        }
        Map<String, Integer> rank = new HashMap<>();
        for (String service : linksOf.keySet()) {
            rankOf(service, linksOf, rank, new HashSet<>());
        }
        return rank;
    }

    private static int rankOf(String service, Map<String, List<String>> linksOf, Map<String, Integer> rank,
            Set<String> visiting) {
        Integer known = rank.get(service);
        if (known != null) {
            return known;
        }
        if (!visiting.add(service)) {
            return 0;
        }
        int r = 0;
        for (String target : linksOf.getOrDefault(service, List.of())) {
            r = Math.max(r, rankOf(target, linksOf, rank, visiting) + 1);
        }
        visiting.remove(service);
        rank.put(service, r);
        return r;
    }

    /** The backend capabilities a spec needs; a backend without one of them cannot run it. */
    public static Set<String> requiredCapabilities(ServiceSpec spec) {
        Set<String> needed = new LinkedHashSet<>();
        if (!spec.ports().isEmpty()) {
            needed.add(ContainerBackend.CAP_PORTS);
        }
        if (!spec.volumes().isEmpty()) {
            needed.add(ContainerBackend.CAP_VOLUMES);
        }
        if (!spec.resources().equals(Resources.NONE)) {
            needed.add(ContainerBackend.CAP_RESOURCE_LIMITS);
        }
        return needed;
    }
}
