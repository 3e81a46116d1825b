package org.atoll.kernel.internal.deploy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.atoll.api.model.Instance;
import org.atoll.api.model.Service;
import org.atoll.api.model.ServiceSpec;
import org.atoll.api.model.ServiceVersion;
import org.atoll.kernel.internal.config.KernelConfig;
import org.atoll.kernel.internal.database.DatabaseService;
import org.atoll.kernel.internal.node.NodeService;
import org.atoll.kernel.internal.reconcile.InstanceReport;
import org.atoll.kernel.internal.reconcile.ReconcilerService;
import org.atoll.kernel.internal.registry.ProviderRegistry;
import org.atoll.kernel.internal.state.Json;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.kernel.internal.validate.ModelValidator;
import org.atoll.kernel.internal.validate.Names;
import org.atoll.kernel.internal.validate.Problems;
import org.atoll.kernel.internal.validate.ValidationException;
import org.atoll.spi.backend.BackendInstance;
import org.atoll.spi.scheduler.PlacementStrategy;
import org.atoll.spi.store.Compare;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.StateStore;
import org.atoll.spi.store.KeyValue;
import org.atoll.spi.store.Txn;
import org.atoll.spi.store.TxnResult;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

@Component(service = DeployService.class, configurationPid = KernelConfig.PID)
public class DeployServiceImpl implements DeployService {

    public static final String SYSTEM_PREFIX = "atoll-";
    private static final int ATTEMPTS = 5;
    /** A retryable failure this many times in a row fails a deploy before its deadline. */
    private static final int GIVE_UP_AFTER = 4;

    private final StateRepository state;
    private final ProviderRegistry registry;
    private final ReconcilerService reconciler;
    private final String localNode;
    private final String scheduler;
    private final Clock clock;
    private final DatabaseService databases;

    @Activate
    public DeployServiceImpl(KernelConfig config,
            @Reference(name = "store", target = "(atoll.provider=embedded)") StateStore store,
            @Reference ProviderRegistry registry, @Reference ReconcilerService reconciler, @Reference NodeService nodes,
            @Reference DatabaseService databases) {
        this(store, registry, reconciler, nodes.localName(), config.scheduler(), Clock.systemUTC(), databases);
    }

    public DeployServiceImpl(StateStore store, ProviderRegistry registry, ReconcilerService reconciler,
            String localNode, String scheduler, Clock clock) {
        this(store, registry, reconciler, localNode, scheduler, clock, null);
    }

    public DeployServiceImpl(StateStore store, ProviderRegistry registry, ReconcilerService reconciler,
            String localNode, String scheduler, Clock clock, DatabaseService databases) {
        this.databases = databases;
        this.state = new StateRepository(store);
        this.registry = registry;
        this.reconciler = reconciler;
        this.localNode = localNode;
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    public Proposal plan(String deployment, Declared declared) {
        validate(deployment, declared);
        return propose(deployment, declared.env(), targets(declared), declared.prune(), Snapshot.read(state, deployment));
    }

    @Override
    public DeployOutcome deploy(String deployment, Declared declared, Duration wait) {
        return deploy(deployment, declared, wait, ANY_REVISION);
    }

    @Override
    public DeployOutcome deploy(String deployment, Declared declared, Duration wait, long ifRevision) {
        validate(deployment, declared);
        return apply(deployment, declared.env(), targets(declared), declared.prune(), wait, ifRevision);
    }

    @Override
    public long revision(String deployment) {
        return state.store().get(Keys.deployment(deployment)).map(KeyValue::modRevision).orElse(0L);
    }

    @Override
    public Optional<ServiceSpec> spec(String deployment, String service) {
        return state.service(deployment, service).flatMap(s -> state.version(deployment, service, s.version())
                .map(v -> v.spec().withCount(s.count()).withNodes(s.nodes())));
    }

    @Override
    public DeployOutcome setService(String deployment, String service, ServiceSpec spec, Duration wait) {
        return setService(deployment, service, spec, wait, ANY_REVISION);
    }

    @Override
    public DeployOutcome setService(String deployment, String service, ServiceSpec spec, Duration wait,
            long ifRevision) {
        check("deployment", userDeployment(deployment));
        check("service", Names.name(service));
        ModelValidator.validate("spec", spec);
        return apply(deployment, null, Map.of(service, DeploymentPlanner.Target.of(spec)), false, wait, ifRevision);
    }

    @Override
    public DeployOutcome rollback(String deployment, String service, int version, Duration wait) {
        return rollback(deployment, service, version, wait, ANY_REVISION);
    }

    @Override
    public DeployOutcome rollback(String deployment, String service, int version, Duration wait, long ifRevision) {
        check("deployment", userDeployment(deployment));
        check("service", Names.name(service));
        if (state.service(deployment, service).isEmpty()) {
            throw new ValidationException("service", "deployment " + deployment + " has no service " + service);
        }
        return apply(deployment, null, Map.of(service, new DeploymentPlanner.Target(null, version, null)), false, wait,
                ifRevision);
    }

    @Override
    public List<ServiceVersion> versions(String deployment, String service) {
        return state.versions(deployment, service);
    }

    @Override
    public DeployOutcome setSystemService(String deployment, String service, ServiceSpec spec, Duration wait) {
        systemDeployment(deployment);
        check("service", Names.name(service));
        ModelValidator.validate("spec", spec);
        return apply(deployment, null, Map.of(service, DeploymentPlanner.Target.of(spec)), false, wait, ANY_REVISION);
    }

    @Override
    public DeployOutcome removeSystemService(String deployment, String service) {
        systemDeployment(deployment);
        Map<String, DeploymentPlanner.Target> keep = new LinkedHashMap<>();
        for (Service s : state.services(deployment)) {
            if (!s.name().equals(service)) {
                keep.put(s.name(), new DeploymentPlanner.Target(null, s.version(), null));
            }
        }
        return apply(deployment, null, keep, true, Duration.ZERO, ANY_REVISION);
    }

    /** Deployments named {@code atoll-…} belong to Atoll: users change them through their own commands. */
    public static boolean isSystem(String deployment) {
        return deployment != null && deployment.startsWith(SYSTEM_PREFIX);
    }

    /** Null when {@code deployment} is a valid name users may change, else the problem. */
    public static String userDeployment(String deployment) {
        String problem = Names.name(deployment);
        if (problem == null && isSystem(deployment)) {
            return Names.quote(deployment) + " is managed by Atoll (names starting with " + SYSTEM_PREFIX
                    + " are reserved)";
        }
        return problem;
    }

    private static void systemDeployment(String deployment) {
        if (!isSystem(deployment) || Names.name(deployment) != null) {
            throw new IllegalArgumentException(deployment + " is not a system deployment");
        }
    }

    private DeployOutcome apply(String deployment, Map<String, String> env, Map<String, DeploymentPlanner.Target> targets,
            boolean prune, Duration wait, long ifRevision) {
        for (DeploymentPlanner.Target t : targets.values()) {
            if (t.spec() != null && t.spec().database() != null) {
                if (databases == null) {
                    throw new ValidationException("database", "databases are not available here");
                }
                databases.declare(deployment, t.spec().database());
            }
        }
        Proposal proposal = null;
        long revision = 0;
        for (int attempt = 1; proposal == null; attempt++) {
            Snapshot now = Snapshot.read(state, deployment);
            if (ifRevision != ANY_REVISION && now.deploymentRevision() != ifRevision) {
                throw new StaleRevisionException(deployment, ifRevision, now.deploymentRevision());
            }
            Proposal p = propose(deployment, env, targets, prune, now);
            long committed = p.changed() ? commit(deployment, p, now) : now.deploymentRevision();
            if (committed > 0 || !p.changed()) {
                proposal = p;
                revision = committed;
            } else if (attempt == ATTEMPTS) {
                throw new ValidationException("deployment", deployment + " kept changing meanwhile; try again");
            }
        }
        reconciler.trigger();
        return new DeployOutcome(proposal, await(deployment, wait), revision);
    }

    private Proposal propose(String deployment, Map<String, String> env, Map<String, DeploymentPlanner.Target> targets,
            boolean prune, Snapshot now) {
        PlacementStrategy strategy = registry.require(PlacementStrategy.class, scheduler);
        return DeploymentPlanner.propose(deployment, env, targets, prune, now, strategy, Instant.now(clock));
    }

    /** The revision of the change, or 0 when the deployment changed meanwhile and nothing was written. */
    private long commit(String deployment, Proposal p, Snapshot now) {
        List<Compare> compares = new ArrayList<>();
        List<Op> ops = new ArrayList<>();
        compares.add(Compare.modRevision(Keys.deployment(deployment), now.deploymentRevision()));
        ops.add(Op.put(Keys.deployment(deployment), Json.write(p.deployment())));
        for (ServiceVersion v : p.versions()) {
            compares.add(Compare.absent(Keys.version(deployment, v.service(), v.version())));
            ops.add(Op.put(Keys.version(deployment, v.service(), v.version()), Json.write(v)));
        }
        for (Service s : p.services()) {
            ops.add(Op.put(Keys.service(deployment, s.name()), Json.write(s)));
        }
        for (Instance i : p.removedInstances()) {
            ops.add(Op.delete(Keys.instance(deployment, i.id())));
        }
        for (Instance i : p.instances()) {
            ops.add(Op.put(Keys.instance(deployment, i.id()), Json.write(i)));
        }
        for (String svc : p.removedServices()) {
            ops.add(Op.delete(Keys.service(deployment, svc)));
            ops.add(Op.deletePrefix(Keys.versions(deployment, svc)));
        }
        TxnResult result = state.store().commit(new Txn(compares, ops));
        return result.succeeded() ? result.revision() : 0;
    }

    /** Waits until this node's instances of the deployment run; fails naming the first that cannot. */
    private List<String> await(String deployment, Duration wait) {
        Set<String> local = new HashSet<>();
        for (Instance i : state.instances(deployment)) {
            if (localNode.equals(i.node())) {
                local.add(i.id());
            }
        }
        if (wait.isZero()) {
            return List.of();
        }
        Instant deadline = Instant.now(clock).plus(wait);
        while (true) {
            List<String> pending = new ArrayList<>();
            for (InstanceReport r : reconciler.report(local)) {
                if (!r.problem().isEmpty() && (!r.retryable() || r.attempts() >= GIVE_UP_AFTER)) {
                    throw new DeployFailedException(r.id() + ": " + r.problem());
                }
                if (r.observed() == null || !r.observed().state().running()) {
                    pending.add(r.id());
                }
            }
            if (pending.isEmpty()) {
                return local.stream().sorted().toList();
            }
            if (Instant.now(clock).isAfter(deadline)) {
                pending.sort(null);
                throw new DeployFailedException("timed out after " + wait.toSeconds() + " s waiting for "
                        + String.join(", ", pending) + " to run");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DeployFailedException("interrupted while waiting for " + String.join(", ", pending));
            }
        }
    }

    @Override
    public List<InstanceView> ps(String deployment) {
        if (deployment != null) {
            check("deployment", Names.name(deployment));
            if (state.deployment(deployment).isEmpty()) {
                throw new ValidationException("deployment", "no deployment " + Names.quote(deployment));
            }
        }
        List<Instance> instances = deployment == null ? state.instances() : state.instances(deployment);
        Map<String, InstanceReport> reports = new HashMap<>();
        reconciler.report(instances.stream().filter(i -> localNode.equals(i.node())).map(Instance::id).toList())
                .forEach(r -> reports.put(r.id(), r));
        List<InstanceView> out = new ArrayList<>();
        for (Instance i : instances) {
            InstanceReport r = reports.get(i.id());
            BackendInstance o = r == null ? null : r.observed();
            String st = !localNode.equals(i.node()) ? "remote" : o == null ? "missing" : o.state().name().toLowerCase();
            out.add(new InstanceView(i.deployment(), i.id(), i.service(), i.version(), i.node(), st, o == null || o.address() == null
                    ? "" : o.address(), o == null ? Map.of() : o.ports(), r == null ? "" : r.problem()));
        }
        out.sort(Comparator.comparing(InstanceView::id));
        return out;
    }

    private void validate(String deployment, Declared declared) {
        Problems p = new Problems();
        p.check("deployment", userDeployment(deployment));
        if (declared.env() != null) {
            ModelValidator.env("Env", declared.env(), p);
        }
        Set<String> known = new HashSet<>(declared.services().keySet());
        if (!declared.prune()) {
            state.services(deployment).forEach(s -> known.add(s.name()));
        }
        for (Map.Entry<String, ServiceSpec> e : declared.services().entrySet()) {
            p.check("services", Names.name(e.getKey()));
            ModelValidator.service("services." + e.getKey(), e.getValue(), p);
            for (int i = 0; i < e.getValue().links().size(); i++) {
                String target = e.getValue().links().get(i).service();
                if (target != null && !known.contains(target)) {
                    p.add("services." + e.getKey() + ".links[" + i + "].service", "no service " + Names.quote(target)
                            + " in deployment " + deployment);
                }
            }
        }
        p.throwIfAny();
    }

    private static Map<String, DeploymentPlanner.Target> targets(Declared declared) {
        Map<String, DeploymentPlanner.Target> targets = new LinkedHashMap<>();
        declared.services().forEach((name, spec) -> targets.put(name, DeploymentPlanner.Target.of(spec)));
        return targets;
    }

    private static void check(String field, String problem) {
        if (problem != null) {
            throw new ValidationException(field, problem);
        }
    }
}
