package org.atoll.plugin.docker.internal;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderInfo;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.backend.BackendEventListener;
import org.atoll.spi.backend.BackendInstance;
import org.atoll.spi.backend.ContainerBackend;
import org.atoll.spi.backend.InstanceSpec;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code docker} container backend: instances are containers on one Docker engine, named by their
 * Atoll id and labelled {@code atoll.managed=true}. Holds no state of its own beyond the engine
 * connections and event subscriptions; everything it reports comes from the engine.
 */
@Component(
        service = ContainerBackend.class,
        property = "atoll.provider=docker",
        configurationPid = DockerBackend.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DockerConfig.class)
public final class DockerBackend implements ContainerBackend {

    static final String PID = "org.atoll.backend.docker";
    static final String NAME = "docker";

    private static final Logger LOG = LoggerFactory.getLogger(DockerBackend.class);

    private final Settings settings;
    private final ProviderInfo info;
    private final Set<String> capabilities = Set.of(CAP_PORTS, CAP_VOLUMES, CAP_RESOURCE_LIMITS, CAP_EVENTS);
    private final Set<EventStream> streams = new CopyOnWriteArraySet<>();
    /** Why this backend cannot work at all (bad configuration); null when it can. */
    private final String unusable;
    private final Health health;
    private final Clients clients;
    private final Failures failures;
    private final Containers containers;
    private final Images images;

    @Activate
    public DockerBackend(BundleContext context, DockerConfig config) {
        this(context.getBundle().getVersion().toString(), Settings.from(config));
    }

    DockerBackend(String version, Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.info = new ProviderInfo(NAME, version, "Docker engine at " + settings.host()
                + (settings.network().isEmpty() ? "" : ", network " + settings.network()));
        Clients c = null;
        String problem = settings.valid() ? null : "invalid configuration " + PID + ": "
                + String.join("; ", settings.problems());
        if (problem == null) {
            try {
                c = new Clients(settings);
            } catch (RuntimeException e) {
                problem = "cannot set up a client for " + settings.host() + ": " + Failures.rootMessage(e);
            }
        }
        this.unusable = problem;
        this.clients = c;
        if (problem != null) {
            LOG.warn("Docker backend is DOWN: {}", problem);
            this.health = null;
            this.failures = null;
            this.images = null;
            this.containers = null;
            return;
        }
        this.health = new Health(settings.host(), this::ping);
        this.failures = new Failures(settings.host(), health);
        this.images = new Images(clients, failures, settings.pullTimeout());
        this.containers = new Containers(clients, settings, failures, images);
        health.status(); // first ping, in the background
    }

    @Deactivate
    void close() {
        streams.forEach(EventStream::close);
        streams.clear();
        if (health != null) {
            health.close();
        }
        if (clients != null) {
            clients.close();
        }
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public Set<String> capabilities() {
        return capabilities;
    }

    @Override
    public ProviderStatus status() {
        return unusable != null ? ProviderStatus.down(unusable) : health.status();
    }

    @Override
    public void ensureImage(String image) {
        usable().images.ensure(image);
    }

    @Override
    public BackendInstance create(InstanceSpec spec) {
        return usable().containers.create(Objects.requireNonNull(spec, "spec"));
    }

    @Override
    public void start(String instanceId) {
        usable().containers.start(Objects.requireNonNull(instanceId, "instanceId"));
    }

    @Override
    public void stop(String instanceId, Duration grace) {
        usable().containers.stop(Objects.requireNonNull(instanceId, "instanceId"),
                grace == null ? settings.stopGrace() : grace);
    }

    @Override
    public void remove(String instanceId) {
        usable().containers.remove(Objects.requireNonNull(instanceId, "instanceId"));
    }

    @Override
    public Optional<BackendInstance> inspect(String instanceId) {
        return usable().containers.inspect(Objects.requireNonNull(instanceId, "instanceId"));
    }

    @Override
    public List<BackendInstance> list() {
        return usable().containers.list();
    }

    @Override
    public AutoCloseable subscribe(BackendEventListener listener) {
        Objects.requireNonNull(listener, "listener");
        Containers owned = usable().containers;
        EventStream stream = new EventStream(usable().clients, failures, event -> {
            owned.forget(event.instanceId());
            listener.onEvent(event);
        });
        streams.add(stream);
        stream.open();
        return () -> {
            streams.remove(stream);
            stream.close();
        };
    }

    /** Re-opens broken event streams and reports what exists; creates, starts and stops nothing. */
    @Override
    public List<BackendInstance> recover() {
        usable();
        streams.forEach(EventStream::ensureConnected);
        return list();
    }

    private void ping() {
        failures.run("ping", () -> clients.ops().pingCmd().exec());
    }

    private DockerBackend usable() {
        if (unusable != null) {
            throw new ProviderException("the Docker backend cannot work: " + unusable, true);
        }
        return this;
    }
}
