package org.atoll.plugin.scheduler.resource.internal;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import org.atoll.spi.ProviderInfo;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.scheduler.PlacementRequest;
import org.atoll.spi.scheduler.PlacementResult;
import org.atoll.spi.scheduler.PlacementStrategy;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code resource} placement strategy: bin-packing (or spreading) by CPU and memory, with
 * groups, max-per-node and allowed nodes. Stateless; a configuration change replaces the component.
 */
@Component(
        service = PlacementStrategy.class,
        property = "atoll.provider=resource",
        configurationPid = ResourcePlacementStrategy.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ResourceSchedulerConfig.class)
public final class ResourcePlacementStrategy implements PlacementStrategy {

    static final String PID = "org.atoll.scheduler.resource";
    static final String NAME = "resource";

    static final String OVERCOMMIT = "overcommit";

    private static final Logger LOG = LoggerFactory.getLogger(ResourcePlacementStrategy.class);

    private final Settings settings;
    private final ProviderInfo info;
    private final Set<String> capabilities;
    private final ProviderStatus status;

    @Activate
    public ResourcePlacementStrategy(BundleContext context, ResourceSchedulerConfig config) {
        this(context.getBundle().getVersion().toString(), Settings.from(config));
        settings.problems().forEach(p -> LOG.warn("Configuration {}: {}", PID, p));
    }

    ResourcePlacementStrategy(String version, Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.info = new ProviderInfo(NAME, version, String.format(Locale.ROOT,
                "Places instances by CPU and memory: %s, overcommit CPU %s, memory %s",
                settings.mode().label(), settings.cpuOvercommit(), settings.memoryOvercommit()));
        // Only the active mode: a caller asking for "spread" must not get "binpack".
        this.capabilities = Set.of(settings.mode().label(), CAP_GROUPS, CAP_MAX_PER_NODE, CAP_ALLOWED_NODES, OVERCOMMIT);
        this.status = settings.problems().isEmpty()
                ? ProviderStatus.up()
                : ProviderStatus.degraded(String.join("; ", settings.problems()));
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
        return status;
    }

    @Override
    public PlacementResult place(PlacementRequest request) {
        return new Placer(settings).place(request);
    }
}
