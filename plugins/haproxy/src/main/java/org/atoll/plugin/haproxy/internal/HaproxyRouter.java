package org.atoll.plugin.haproxy.internal;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
 * The {@code haproxy} router: one HAProxy master-worker process per proxy, run from the host's binary in
 * a directory of its own under the data directory. Proxies outlive this component and the JVM; a new
 * instance adopts them.
 */
@Component(
        service = Router.class,
        property = "atoll.provider=haproxy",
        configurationPid = HaproxyRouter.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HaproxyConfig.class)
public final class HaproxyRouter implements Router {

    static final String PID = "org.atoll.routing.haproxy";
    static final String NAME = "haproxy";

    private static final Logger LOG = LoggerFactory.getLogger(HaproxyRouter.class);

    private final ProviderInfo info;
    private final Settings settings;
    /** Why this router cannot work at all (bad configuration); null when it can. */
    private final String unusable;
    private final Proxies proxies;

    @Activate
    public HaproxyRouter(BundleContext context, HaproxyConfig config) {
        this(context.getBundle().getVersion().toString(), Settings.from(config));
    }

    HaproxyRouter(String version, Settings settings) {
        this.settings = settings;
        this.info = new ProviderInfo(NAME, version, "HAProxy proxies under " + settings.dataDirectory());
        if (!settings.valid()) {
            unusable = "invalid configuration " + PID + ": " + String.join("; ", settings.problems());
            LOG.warn("haproxy router is DOWN: {}", unusable);
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
        return Set.of(CAP_RUNTIME_API, CAP_TLS, CAP_HTTP2, CAP_DIGEST_AUTH);
    }

    @Override
    public ProviderStatus status() {
        if (unusable != null) {
            return ProviderStatus.down(unusable);
        }
        if (!Files.isExecutable(settings.binary())) {
            return ProviderStatus.down("no haproxy at " + settings.binary() + " (apt-get install haproxy, or set binary)");
        }
        Map<String, String> failures = proxies.failures();
        if (!failures.isEmpty()) {
            return ProviderStatus.degraded(failures.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .map(Map.Entry::getValue).collect(Collectors.joining("; ")));
        }
        return ProviderStatus.up();
    }

    @Override
    public ApplyResult apply(String name, RoutingTable table) {
        return usable().proxies.apply(name, table);
    }

    @Override
    public void remove(String name) {
        usable().proxies.remove(name);
    }

    @Override
    public Optional<RoutingTable> current(String name) {
        return usable().proxies.current(name);
    }

    @Override
    public List<String> proxies() {
        return usable().proxies.list();
    }

    private HaproxyRouter usable() {
        if (unusable != null) {
            throw new ProviderException("the haproxy router cannot work: " + unusable, false);
        }
        return this;
    }
}
