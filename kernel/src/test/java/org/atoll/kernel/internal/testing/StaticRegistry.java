package org.atoll.kernel.internal.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.atoll.kernel.internal.registry.ExtensionPoint;
import org.atoll.kernel.internal.registry.MissingProviderException;
import org.atoll.kernel.internal.registry.ProviderEntry;
import org.atoll.kernel.internal.registry.ProviderRegistry;
import org.atoll.spi.Provider;

/** A provider registry for tests outside OSGi: providers are added and removed by hand. */
public final class StaticRegistry implements ProviderRegistry {

    private final List<ProviderEntry> entries = new CopyOnWriteArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private long ids;

    public synchronized StaticRegistry add(Class<? extends Provider> spi, Provider provider) {
        entries.add(new ProviderEntry(ExtensionPoint.of(spi), provider.info().name(), provider, "test", ++ids));
        listeners.forEach(Runnable::run);
        return this;
    }

    public void remove(Provider provider) {
        entries.removeIf(e -> e.provider() == provider);
        listeners.forEach(Runnable::run);
    }

    @Override
    public List<ProviderEntry> entries(ExtensionPoint point) {
        return entries.stream().filter(e -> e.point() == point).toList();
    }

    @Override
    public <T extends Provider> List<T> all(Class<T> spi) {
        List<T> out = new ArrayList<>();
        entries(ExtensionPoint.of(spi)).forEach(e -> out.add(spi.cast(e.provider())));
        return out;
    }

    @Override
    public <T extends Provider> Optional<T> find(Class<T> spi, String name) {
        return all(spi).stream().filter(p -> p.info().name().equals(name)).findFirst();
    }

    @Override
    public AutoCloseable onChange(Runnable listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    @Override
    public <T extends Provider> T require(Class<T> spi, String name, String... capabilities) {
        return find(spi, name).orElseThrow(() -> new MissingProviderException("no provider " + name));
    }
}
