package org.atoll.kernel.internal.deploy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

import org.atoll.api.model.Deployment;
import org.atoll.api.model.Instance;
import org.atoll.api.model.Resources;
import org.atoll.api.model.Service;
import org.atoll.api.model.ServiceSpec;
import org.atoll.api.model.ServiceVersion;
import org.atoll.kernel.internal.schedule.InstanceScheduler;
import org.atoll.kernel.internal.validate.ValidationException;
import org.atoll.spi.scheduler.PlacementStrategy;

/**
 * Works out what a deploy changes: per service a new immutable version when the spec (other than its
 * count) changed, a new count when only that changed, the instances of the current version placed
 * on nodes, and the services that go. Pure: it reads its arguments and returns a {@link Proposal}.
 */
public final class DeploymentPlanner {

    /**
     * What to do with one service.
     *
     * @param spec    the spec to run; ignored when {@code version} names an existing version
     * @param version a stored version to make current (a rollback); null = the spec decides
     * @param count   instances to run; null = the spec's count
     */
    public record Target(ServiceSpec spec, Integer version, Integer count) {
        public static Target of(ServiceSpec spec) {
            return new Target(spec, null, null);
        }
    }

    private DeploymentPlanner() {
    }

    public static Proposal propose(String name, Map<String, String> env, Map<String, Target> targets, boolean prune,
            Snapshot now, PlacementStrategy strategy, Instant at) {
        Deployment current = now.deployment();
        Map<String, String> globals = env != null ? env : current == null ? Map.of() : current.env();
        Deployment deployment = new Deployment(name, current == null ? "" : current.description(), globals,
                current == null ? at : current.created());

        List<String> changes = new ArrayList<>();
        if (current == null) {
            changes.add("Created deployment " + name + ".");
        }
        List<Service> services = new ArrayList<>();
        List<ServiceVersion> versions = new ArrayList<>();
        List<Instance> writes = new ArrayList<>();
        List<Instance> removals = new ArrayList<>();
        List<Instance> placedSoFar = new ArrayList<>();
        for (Instance i : now.instances()) {
            if (!(i.deployment().equals(name) && targets.containsKey(i.service()))) {
                placedSoFar.add(i);
            }
        }
        Map<String, Resources> resources = new HashMap<>(now.resources());

        for (Map.Entry<String, Target> e : targets.entrySet()) {
            String svc = e.getKey();
            Target target = e.getValue();
            Service had = now.services().get(svc);
            ServiceVersion hadVersion = had == null ? null : now.version(svc, had.version()).orElse(null);

            int version;
            ServiceSpec spec;
            boolean newVersion = false;
            if (target.version() != null) {
                ServiceVersion stored = now.version(svc, target.version()).orElseThrow(() -> new ValidationException(
                        "version", "service " + svc + " has no version " + target.version() + " (it has "
                                + now.versions().getOrDefault(svc, List.of()).stream().map(ServiceVersion::version).toList()
                                + ")"));
                version = stored.version();
                spec = stored.spec();
            } else {
                spec = effective(target.spec(), globals);
                if (hadVersion != null && hadVersion.spec().sameExceptPlacement(spec)) {
                    version = hadVersion.version();
                } else {
                    version = now.latestVersion(svc) + 1;
                    newVersion = true;
                    versions.add(new ServiceVersion(name, svc, version, spec, at));
                }
            }
            boolean keepPlacement = target.version() != null && had != null;
            int count = target.count() != null ? target.count() : keepPlacement ? had.count() : spec.count();
            List<String> nodes = keepPlacement ? had.nodes() : target.spec() != null ? target.spec().nodes() : spec.nodes();
            ServiceSpec counted = spec.withCount(count).withNodes(nodes);
            List<Instance> old = now.instancesOf(name, svc);
            resources.put(Snapshot.versionKey(name, svc, version), spec.resources());
            List<Instance> placed = InstanceScheduler.schedule(name, svc, version, counted, old, placedSoFar, now.nodes(),
                    strategy, i -> resources.getOrDefault(Snapshot.versionKey(i.deployment(), i.service(), i.version()),
                            Resources.NONE));
            placedSoFar.addAll(placed);

            Map<String, Instance> oldById = new HashMap<>();
            old.forEach(i -> oldById.put(i.id(), i));
            Set<String> keep = new TreeSet<>();
            for (Instance i : placed) {
                keep.add(i.id());
                if (!i.equals(oldById.get(i.id()))) {
                    writes.add(i);
                }
            }
            old.stream().filter(i -> !keep.contains(i.id())).forEach(removals::add);

            if (had == null || had.version() != version || had.count() != count || !had.nodes().equals(nodes)) {
                services.add(new Service(name, svc, version, count, nodes, at));
            }
            describe(svc, had, version, count, newVersion, target.version() != null, old, placed, changes);
        }

        List<String> removedServices = new ArrayList<>();
        if (prune) {
            for (String svc : new TreeSet<>(now.services().keySet())) {
                if (!targets.containsKey(svc)) {
                    removedServices.add(svc);
                    removals.addAll(now.instancesOf(name, svc));
                    changes.add("Removed " + svc + ".");
                }
            }
        }
        if (current != null && !Objects.equals(current.env(), globals) && changes.isEmpty()) {
            changes.add("Changed the environment of " + name + ".");
        }
        return new Proposal(deployment, services, versions, removedServices, writes, removals, changes);
    }

    /** The spec a version stores: the deployment's environment under the service's own. */
    static ServiceSpec effective(ServiceSpec spec, Map<String, String> globals) {
        if (globals.isEmpty()) {
            return spec;
        }
        Map<String, String> env = new LinkedHashMap<>(globals);
        env.putAll(spec.env());
        return new ServiceSpec(spec.image(), spec.cmd(), env, spec.ports(), spec.volumes(), spec.links(), spec.count(),
                spec.checks(), spec.resources(), spec.nodes());
    }

    private static void describe(String svc, Service had, int version, int count, boolean newVersion, boolean rollback,
            List<Instance> old, List<Instance> placed, List<String> changes) {
        if (had == null) {
            changes.add(count == 0 ? "Deployed " + svc + " with no instances."
                    : "Deployed " + svc + " to " + String.join(", ", nodesOf(placed)) + ".");
            return;
        }
        if (rollback && had.version() != version) {
            changes.add("Rolled back " + svc + " to version " + version + ".");
        } else if (newVersion) {
            changes.add("Updated " + svc + " to version " + version + " on " + String.join(", ", nodesOf(placed)) + ".");
        }
        if (!newVersion && had.count() != count) {
            changes.add("Scaled " + svc + " to " + count + ".");
        }
        if (!newVersion && !rollback) {
            Map<Integer, String> before = new HashMap<>();
            old.stream().filter(i -> i.version() == version).forEach(i -> before.put(i.ordinal(), i.node()));
            for (Instance i : placed) {
                String from = before.get(i.ordinal());
                if (from != null && !from.equals(i.node())) {
                    changes.add("Re-deployed " + (placed.size() == 1 ? svc : i.id()) + " from " + from + " to "
                            + i.node() + ".");
                }
            }
        }
    }

    private static Set<String> nodesOf(List<Instance> instances) {
        Set<String> nodes = new TreeSet<>();
        instances.forEach(i -> nodes.add(i.node()));
        return nodes;
    }
}
