package org.atoll.kernel.internal.deploy;

import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.atoll.api.model.Deployment;
import org.atoll.api.model.Instance;
import org.atoll.kernel.internal.state.Json;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.kernel.internal.validate.ModelValidator;
import org.atoll.kernel.internal.validate.Names;
import org.atoll.kernel.internal.validate.ValidationException;
import org.atoll.spi.store.Compare;
import org.atoll.spi.store.KeyValue;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.StateStore;
import org.atoll.spi.store.Txn;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

@Component(service = DeploymentService.class, configurationPid = "org.atoll.kernel")
public class DeploymentServiceImpl implements DeploymentService {

    private final StateRepository state;
    private final Clock clock;

    @Activate
    public DeploymentServiceImpl(@Reference(name = "store", target = "(atoll.provider=embedded)") StateStore store) {
        this(store, Clock.systemUTC());
    }

    public DeploymentServiceImpl(StateStore store, Clock clock) {
        this.state = new StateRepository(store);
        this.clock = clock;
    }

    @Override
    public Deployment create(String name, String description) {
        Deployment d = new Deployment(name, description, Map.of(), Instant.now(clock));
        ModelValidator.validate(d);
        reserved(name);
        boolean created = state.store().commit(Txn.when(Compare.absent(Keys.deployment(name)))
                .then(Op.put(Keys.deployment(name), Json.write(d)))).succeeded();
        if (!created) {
            throw new ValidationException("name", "deployment " + Names.quote(name) + " exists already");
        }
        return d;
    }

    @Override
    public List<DeploymentSummary> list() {
        return state.deployments().stream()
                .sorted(Comparator.comparing(Deployment::name))
                .map(d -> new DeploymentSummary(d.name(), d.description(), state.services(d.name()).size(),
                        state.instances(d.name()).size(), d.created()))
                .toList();
    }

    @Override
    public List<String> names() {
        return state.store().list(Keys.DEPLOYMENTS).stream().map(KeyValue::key).map(Keys::leaf).toList();
    }

    @Override
    public int remove(String name) {
        return remove(name, DeployService.ANY_REVISION);
    }

    @Override
    public int remove(String name, long ifRevision) {
        String problem = DeployServiceImpl.userDeployment(name);
        if (problem != null) {
            throw new ValidationException("name", problem);
        }
        KeyValue current = state.store().get(Keys.deployment(name))
                .orElseThrow(() -> new ValidationException("name", "no deployment " + Names.quote(name)));
        if (ifRevision != DeployService.ANY_REVISION && current.modRevision() != ifRevision) {
            throw new StaleRevisionException(name, ifRevision, current.modRevision());
        }
        List<Instance> instances = state.instances(name);
        boolean removed = state.store().commit(Txn.when(Compare.modRevision(current.key(), current.modRevision()))
                .then(Op.delete(current.key()), Op.deletePrefix(Keys.services(name)),
                        Op.deletePrefix(Keys.VERSIONS + name + "/"), Op.deletePrefix(Keys.instances(name))))
                .succeeded();
        if (!removed) {
            throw new ValidationException("name", "deployment " + Names.quote(name) + " changed meanwhile; try again");
        }
        return instances.size();
    }

    @Override
    public List<String> databasesOf(String deployment) {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (org.atoll.api.model.Service s : state.services(deployment)) {
            for (org.atoll.api.model.ServiceVersion v : state.versions(deployment, s.name())) {
                if (v.spec().database() != null) {
                    out.add(org.atoll.kernel.internal.database.DatabaseService.nameOf(deployment, v.spec().database()));
                }
            }
        }
        return List.copyOf(out);
    }

    private static void reserved(String name) {
        String problem = DeployServiceImpl.userDeployment(name);
        if (problem != null) {
            throw new ValidationException("name", problem);
        }
    }
}
