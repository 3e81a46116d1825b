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

/** The kernel's extension points, each with its SPI. */
public enum ExtensionPoint {
    BACKEND("backend", ContainerBackend.class),
    STORE("store", StateStore.class),
    DISCOVERY("discovery", DiscoveryProvider.class),
    ROUTING("routing", Router.class),
    DATABASE("database", DatabaseProvisioner.class),
    HA("ha", VipProvider.class),
    SCHEDULER("scheduler", PlacementStrategy.class),
    VOLUME("volume", VolumeStore.class);

    private final String label;
    private final Class<? extends Provider> spi;
    ExtensionPoint(String label, Class<? extends Provider> spi) {
        this.label = label;
        this.spi = spi;
    }

    public String label() {
        return label;
    }

    public Class<? extends Provider> spi() {
        return spi;
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
