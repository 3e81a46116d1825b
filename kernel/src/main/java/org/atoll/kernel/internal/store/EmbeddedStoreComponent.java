package org.atoll.kernel.internal.store;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

import org.atoll.kernel.internal.config.KernelConfig;
import org.atoll.spi.ProviderInfo;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.store.KeyValue;
import org.atoll.spi.store.Lease;
import org.atoll.spi.store.Listing;
import org.atoll.spi.store.StateStore;
import org.atoll.spi.store.Txn;
import org.atoll.spi.store.TxnResult;
import org.atoll.spi.store.Watch;
import org.atoll.spi.store.WatchListener;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the embedded state store, kept under {@code ${karaf.data}/atoll/store} unless
 * configured otherwise, as the {@code embedded} store provider.
 */
@Component(service = StateStore.class, property = "atoll.provider=embedded", configurationPid = KernelConfig.PID,
        immediate = true)
@Designate(ocd = KernelConfig.class)
public class EmbeddedStoreComponent implements StateStore {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStoreComponent.class);

    private final EmbeddedStateStore store;
    private final ProviderInfo info;

    @Activate
    public EmbeddedStoreComponent(KernelConfig config,
            @Reference(target = "(atoll.executor=kernel)") ScheduledExecutorService executor) {
        Path dir = config.store_directory().isBlank()
                ? Paths.get(System.getProperty("karaf.data", "data"), "atoll", "store")
                : Paths.get(config.store_directory());
        this.store = EmbeddedStateStore.open(dir, executor);
        Bundle bundle = FrameworkUtil.getBundle(getClass());
        this.info = new ProviderInfo(store.info().name(),
                bundle == null ? store.info().version() : bundle.getVersion().toString(), store.info().description());
        LOG.info("Embedded state store open at {} (revision {})", dir, store.revision());
    }

    @Deactivate
    void deactivate() {
        store.close();
    }

    @Override
    public ProviderInfo info() {
        return info;
    }

    @Override
    public Set<String> capabilities() {
        return store.capabilities();
    }

    @Override
    public ProviderStatus status() {
        return store.status();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        return store.get(key);
    }

    @Override
    public Listing scan(String prefix) {
        return store.scan(prefix);
    }

    @Override
    public List<KeyValue> list(String prefix) {
        return store.list(prefix);
    }

    @Override
    public long revision() {
        return store.revision();
    }

    @Override
    public TxnResult commit(Txn txn) {
        return store.commit(txn);
    }

    @Override
    public Watch watch(String prefix, long fromRevision, WatchListener listener) {
        return store.watch(prefix, fromRevision, listener);
    }

    @Override
    public Lease grantLease(Duration ttl) {
        return store.grantLease(ttl);
    }

    @Override
    public void keepAlive(long leaseId) {
        store.keepAlive(leaseId);
    }

    @Override
    public void revokeLease(long leaseId) {
        store.revokeLease(leaseId);
    }
}
