package org.atoll.plugin.nginx.internal;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderInfo;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.routing.ApplyResult;
import org.atoll.spi.routing.Router;
import org.atoll.spi.routing.RoutingTable;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code nginx} router: one nginx per proxy, started from the host's binary in a directory of its
 * own under the data directory, configured from whole routing tables and reloaded gracefully. Proxies
 * outlive this component and the JVM; a new instance adopts them. nginx has no runtime API and no digest
 * authentication: every change is a reload, and a table with {@code auth} is refused.
 */
@Component(
        service = Router.class,
        property = "atoll.provider=nginx",
        configurationPid = NginxRouter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = NginxConfig.class)
public final class NginxRouter implements Router {

    static final String PID = "org.atoll.routing.nginx";
    static final String NAME = "nginx";

    private static final Logger LOG = LoggerFactory.getLogger(NginxRouter.class);

    private final ProviderInfo info;
    private final Settings settings;
    /** Why this router cannot work at all (bad configuration); null when it can. */
    private final String unusable;
    private final Proxies proxies;

    @Activate
    public NginxRouter(BundleContext context, NginxConfig config) {
        this(context.getBundle().getVersion().toString(), Settings.from(config));
    }

    NginxRouter(String version, Settings settings) {
        this.settings = settings;
        this.info = new ProviderInfo(NAME, version, "nginx proxies under " + settings.dataDirectory());
        if (!settings.valid()) {
            unusable = "invalid configuration " + PID + ": " + String.join("; ", settings.problems());
            LOG.warn("nginx router is DOWN: {}", unusable);
            proxies = null;
            return;
        }
        unusable = null;
        proxies = new Proxies(settings);
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public Set<String> capabilities() {
        return Set.of(CAP_TLS, CAP_HTTP2);
    }

    @Override
    public ProviderStatus status() {
        try {
            if (unusable != null) {
                return ProviderStatus.down(unusable);
            }
            if (!Files.isExecutable(settings.binary())) {
                return ProviderStatus.down("no nginx at " + settings.binary()
                        + " (apt-get install nginx-light, or set binary)");
            }
            List<String> stopped = proxies.stopped();
            if (!stopped.isEmpty()) {
                return ProviderStatus.degraded("nginx not running for proxies " + String.join(", ", stopped)
                        + " (the next apply starts it)");
            }
            return ProviderStatus.up();
        } catch (RuntimeException e) {
            return ProviderStatus.degraded("cannot tell: " + e);
        }
    }

    @Override
    public ApplyResult apply(String name, RoutingTable table) {
        return usable().proxies.apply(Values.label("name", name), table);
    }

    @Override
    public void remove(String name) {
        usable().proxies.remove(Values.label("name", name));
    }

    @Override
    public Optional<RoutingTable> current(String name) {
        return usable().proxies.current(Values.label("name", name));
    }

    @Override
    public List<String> proxies() {
        return usable().proxies.running();
    }

    private NginxRouter usable() {
        if (unusable != null) {
            throw new ProviderException("the nginx router cannot work: " + unusable, false);
        }
        return this;
    }
}
