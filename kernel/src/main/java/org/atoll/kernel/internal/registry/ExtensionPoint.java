package org.atoll.kernel.internal.registry;

import org.atoll.spi.Provider;
import org.atoll.spi.backend.ContainerBackend;
import org.atoll.spi.database.DatabaseProvisioner;
import org.atoll.spi.discovery.DiscoveryProvider;
import org.atoll.spi.ha.VipProvider;
import org.atoll.spi.routing.Router;
import org.atoll.spi.scheduler.PlacementStrategy;
import org.atoll.spi.store.StateStore;
import org.atoll.spi.volume.VolumeStore;

/** The kernel's extension points, each with its SPI and the feature that installs its default plugin. */
public enum ExtensionPoint {
    BACKEND("backend", ContainerBackend.class, "atoll-docker"),
    STORE("store", StateStore.class, "atoll-kernel"),
    DISCOVERY("discovery", DiscoveryProvider.class, "atoll-etcd"),
    ROUTING("routing", Router.class, "atoll-haproxy"),
    DATABASE("database", DatabaseProvisioner.class, "atoll-mysql"),
    HA("ha", VipProvider.class, "atoll-keepalived"),
    SCHEDULER("scheduler", PlacementStrategy.class, "atoll-scheduler-resource"),
    VOLUME("volume", VolumeStore.class, "atoll-zfs");

    private final String label;
    private final Class<? extends Provider> spi;
    private final String defaultFeature;

    ExtensionPoint(String label, Class<? extends Provider> spi, String defaultFeature) {
        this.label = label;
        this.spi = spi;
        this.defaultFeature = defaultFeature;
    }

    public String label() {
        return label;
    }

    public Class<? extends Provider> spi() {
        return spi;
    }

    public String defaultFeature() {
        return defaultFeature;
    }

    public static ExtensionPoint of(Class<? extends Provider> spi) {
        for (ExtensionPoint p : values()) {
            if (p.spi == spi) {
                return p;
            }
        }
        throw new IllegalArgumentException(spi.getName() + " is not an extension point");
    }
}
