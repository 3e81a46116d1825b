package org.atoll.plugin.consul.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.atoll.api.model.Registry;
import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderInfo;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.discovery.DiscoveryProvider;
import org.atoll.spi.discovery.Endpoint;
import org.atoll.spi.discovery.EndpointListener;
import org.atoll.spi.discovery.Registration;
import org.atoll.spi.discovery.RegistryServer;
import org.atoll.spi.discovery.ServiceHealth;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The {@code consul} discovery provider: registrations are services of the connected Consul agent, each
 * with its checks plus a TTL check this provider keeps passing. Its threads are its own, all daemons and
 * bounded: one for the keep-alive, four for the HTTP client, one per watch (at most {@value #MAX_WATCHES});
 * {@link #close()} stops them all.
 */
@Component(
        service = DiscoveryProvider.class,
        property = "atoll.provider=consul",
        configurationPid = ConsulDiscoveryProvider.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ConsulConfig.class)
public final class ConsulDiscoveryProvider implements DiscoveryProvider {

    static final String PID = "org.atoll.discovery.consul";
    static final String NAME = "consul";
    static final int MAX_WATCHES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(ConsulDiscoveryProvider.class);
    private static final Set<String> CAPABILITIES = Set.of(CAP_CHECKS, CAP_DNS, CAP_WATCH, CAP_DEPLOY);

    private final Settings settings;
    private final ProviderInfo info;
    /** Why this provider cannot work at all (bad configuration); null when it can. */
    private final String unusable;
    private final Health health = new Health();
    private final ObjectMapper json = new ObjectMapper();
    private final Set<Watch> watches = new CopyOnWriteArraySet<>();
    private final ExecutorService httpThreads;
    private final ScheduledExecutorService keepAliveThread;
    private final ThreadPoolExecutor watchThreads;
    private final Agents agents;
    private final Services services;
    private final KeepAlive keepAlive;
    private final Servers servers;

    @Activate
    public ConsulDiscoveryProvider(BundleContext context, ConsulConfig config) {
        this(context.getBundle().getVersion().toString(), Settings.from(config));
    }

    ConsulDiscoveryProvider(String version, Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.info = new ProviderInfo(NAME, version, "Consul agents over the HTTP API"
                + (settings.datacenter().isEmpty() ? "" : ", datacenter " + settings.datacenter()));
        this.unusable = settings.valid() ? null
                : "invalid configuration " + PID + ": " + String.join("; ", settings.problems());
        this.httpThreads = Executors.newFixedThreadPool(4, daemons("atoll-consul-http-"));
        this.keepAliveThread = Executors.newSingleThreadScheduledExecutor(daemons("atoll-consul-keepalive-"));
        this.watchThreads = new ThreadPoolExecutor(0, MAX_WATCHES, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemons("atoll-consul-watch-"));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(settings.requestTimeout())
                .executor(httpThreads).build();
        this.agents = new Agents(client, settings, health);
        this.services = new Services(agents, json, settings);
        this.keepAlive = new KeepAlive(services, health);
        this.servers = new Servers(settings, client, json);
        if (unusable != null) {
            health.down(unusable);
        } else {
            keepAlive.start(keepAliveThread, settings.aliveTtl());
        }
    }

    @Deactivate
    void close() {
        watches.forEach(Watch::close);
        keepAlive.stop();
        keepAliveThread.shutdownNow();
        watchThreads.shutdownNow();
        httpThreads.shutdownNow();
        try {
            keepAliveThread.awaitTermination(2, TimeUnit.SECONDS);
            watchThreads.awaitTermination(2, TimeUnit.SECONDS);
            httpThreads.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public Set<String> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ProviderStatus status() {
        return unusable != null ? ProviderStatus.down(unusable) : health.status();
    }

    @Override
    public void connect(List<Registry> registries) {
        List<URI> bases = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (Registry r : registries == null ? List.<Registry>of() : registries) {
            RegistryUrls.Result u = RegistryUrls.of(r, settings.port());
            if (u.base() != null) {
                bases.add(u.base());
            } else {
                problems.add(u.problem());
            }
        }
        problems.forEach(p -> LOG.warn("Consul registry left out: {}", p));
        agents.use(bases);
        if (unusable != null) {
            return;
        }
        if (bases.isEmpty()) {
            health.down(problems.isEmpty() ? Agents.NO_REGISTRY
                    : "no usable consul registry: " + String.join("; ", problems));
            return;
        }
        health.down("no answer yet from consul at " + bases.get(0));
        try {
            keepAliveThread.execute(keepAlive::tick);
        } catch (RejectedExecutionException e) {
            LOG.debug("Not probing consul: the provider is closed");
        }
    }

    @Override
    public void register(Registration registration) {
        usable().keepAlive.register(Objects.requireNonNull(registration, "registration"));
    }

    @Override
    public void deregister(String registrationId) {
        usable().keepAlive.deregister(Objects.requireNonNull(registrationId, "registrationId"));
    }

    @Override
    public List<Endpoint> resolve(String name) {
        return usable().services.resolve(Objects.requireNonNull(name, "name"));
    }

    @Override
    public List<Registration> registrations() {
        return usable().services.registrations();
    }

    @Override
    public List<ServiceHealth> catalog() {
        return usable().services.catalog();
    }

    @Override
    public AutoCloseable watch(String name, EndpointListener listener) {
        usable();
        if (agents.bases().isEmpty()) {
            throw new ProviderException(Agents.NO_REGISTRY, true);
        }
        Watch[] self = new Watch[1];
        Watch w = new Watch(Objects.requireNonNull(name, "name"), Objects.requireNonNull(listener, "listener"),
                agents, services, settings.requestTimeout(), () -> watches.remove(self[0]));
        self[0] = w;
        watches.add(w);
        try {
            w.running(watchThreads.submit(w));
        } catch (RejectedExecutionException e) {
            watches.remove(w);
            throw new ProviderException("consul watch of " + name + " refused: " + MAX_WATCHES
                    + " watches are open already", true);
        }
        return w;
    }

    @Override
    public RegistryServer prepareServer(Registry registry, List<Registry> members) {
        return usable().servers.prepare(Objects.requireNonNull(registry, "registry"),
                members == null ? List.of() : members);
    }

    @Override
    public void retireServer(Registry registry, List<Registry> remaining) {
        usable().servers.retire(Objects.requireNonNull(registry, "registry"),
                remaining == null ? List.of() : remaining);
    }

    /** Watches whose thread still runs. */
    int openWatches() {
        return watchThreads.getActiveCount();
    }

    private ConsulDiscoveryProvider usable() {
        if (unusable != null) {
            throw new ProviderException("the consul discovery provider cannot work: " + unusable, true);
        }
        return this;
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
