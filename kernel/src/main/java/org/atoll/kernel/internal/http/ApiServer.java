package org.atoll.kernel.internal.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.ws.rs.ext.RuntimeDelegate;
import org.apache.cxf.BusFactory;
import org.apache.cxf.endpoint.Server;
import org.apache.cxf.jaxrs.JAXRSServerFactoryBean;
import org.apache.cxf.jaxrs.impl.RuntimeDelegateImpl;
import org.atoll.kernel.internal.config.KernelConfig;
import org.atoll.kernel.internal.database.DatabaseService;
import org.atoll.kernel.internal.deploy.DeployService;
import org.atoll.kernel.internal.deploy.DeploymentService;
import org.atoll.kernel.internal.discovery.DiscoveryService;
import org.atoll.kernel.internal.node.NodeService;
import org.atoll.kernel.internal.registry.ProviderRegistry;
import org.atoll.kernel.internal.routing.RoutingService;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.spi.store.StateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP API: JAX-RS resources on Apache CXF, whose servlet Karaf's HTTP service hosts under
 * {@code /api} (etc/org.apache.cxf.osgi.cfg); this endpoint is {@code /api/v1}. Where it listens, and
 * TLS, are Pax Web's settings (etc/org.ops4j.pax.web.cfg: 127.0.0.1:8181 by default).
 */
@Component(immediate = true, configurationPid = KernelConfig.PID)
public class ApiServer {

    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);

    static final String ADDRESS = "/v1";

    /** The resource classes, in the order the OpenAPI document lists them. */
    static final List<Class<?>> DOCUMENTED = List.of(DeploymentsResource.class, ClusterResource.class,
            DiscoveryResource.class, RoutingResource.class, DatabasesResource.class, OpenApiResource.class);

    private final Thread starter;
    private Server server;
    private boolean stopped;

    @Activate
    public ApiServer(KernelConfig config, @Reference DeploymentService deployments, @Reference DeployService deploys,
            @Reference NodeService nodes, @Reference ProviderRegistry registry,
            @Reference DiscoveryService discovery, @Reference RoutingService routing,
            @Reference DatabaseService databases,
            @Reference(target = "(atoll.provider=embedded)") StateStore store) {
        Authenticator authenticator = new Authenticator(Authenticator.jaas(config.api_realm()),
                TimeUnit.SECONDS.toNanos(config.api_auth_cache_seconds()), System::nanoTime);
        long maxBody = config.api_max_body_bytes();
        List<Object> resources = List.of(
                new DeploymentsResource(deployments, deploys, routing, new StateRepository(store)),
                new ClusterResource(deploys, nodes, registry), new DiscoveryResource(discovery),
                new RoutingResource(routing, store), new DatabasesResource(databases));
        OpenApiResource openApi = new OpenApiResource(DOCUMENTED, "/api" + ADDRESS);

        List<Object> beans = new ArrayList<>(resources);
        beans.add(openApi);
        List<Object> providers = List.of(new Guard(authenticator, config.api_admin_role(), config.api_viewer_role(),
                maxBody), new JsonBody(maxBody), new TextBody(maxBody), new ProblemMapper());
        String what = "HTTP API at /api" + ADDRESS + " (realm " + config.api_realm() + ", roles "
                + config.api_admin_role() + " and " + config.api_viewer_role() + ")";
        // Starting CXF takes a second or two of class loading: off the activation thread, so that the
        // kernel's other components (and the shell) do not wait for it.
        starter = new Thread(() -> start(beans, providers, what), "atoll-api-start");
        starter.setDaemon(true);
        starter.start();
    }

    private void start(List<Object> beans, List<Object> providers, String what) {
        Thread thread = Thread.currentThread();
        thread.setContextClassLoader(JAXRSServerFactoryBean.class.getClassLoader());
        try {
            // The JAX-RS API looks its implementation up through the context class loader, which in OSGi
            // finds none (and then names Jersey); CXF's is the one here.
            RuntimeDelegate.setInstance(new RuntimeDelegateImpl());
            JAXRSServerFactoryBean factory = new JAXRSServerFactoryBean();
            factory.setBus(BusFactory.getDefaultBus(true));
            factory.setAddress(ADDRESS);
            factory.setServiceBeans(beans);
            factory.setProviders(providers);
            Server created = factory.create();
            synchronized (this) {
                if (stopped) {
                    created.destroy();
                    return;
                }
                server = created;
            }
            LOG.info("{} is up", what);
        } catch (RuntimeException e) {
            LOG.error("The {} could not start", what, e);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        Server running;
        synchronized (this) {
            stopped = true;
            running = server;
            server = null;
        }
        if (running != null) {
            running.destroy();
        }
        starter.join(TimeUnit.SECONDS.toMillis(30));
    }
}
