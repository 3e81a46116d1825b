package org.atoll.kernel.internal.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderInfo;
import org.atoll.spi.routing.ApplyResult;
import org.atoll.spi.routing.Router;
import org.atoll.spi.routing.RoutingTable;

/**
 * A router that keeps the tables it is given, for the kernel's tests; the HAProxy and Nginx plugins
 * are tested against the real daemons. {@link #refuse} makes it behave like a daemon whose checker
 * rejects a table.
 */
public final class InMemoryRouter implements Router {

    private final String name;
    public final Map<String, RoutingTable> serving = new ConcurrentHashMap<>();
    public final List<String> calls = new CopyOnWriteArrayList<>();
    public volatile Function<RoutingTable, String> refuse = t -> null;

    public InMemoryRouter(String name) {
        this.name = name;
    }

    @Override
    public ProviderInfo info() {
        return new ProviderInfo(name, "test", "in-memory router");
    }

    @Override
    public Set<String> capabilities() {
        return Set.of(CAP_TLS, CAP_DIGEST_AUTH);
    }

    @Override
    public synchronized ApplyResult apply(String proxy, RoutingTable table) {
        String problem = refuse.apply(table);
        if (problem != null) {
            calls.add("refused " + proxy);
            throw new ProviderException("[ALERT] checker: " + problem, false);
        }
        RoutingTable before = serving.put(proxy, table);
        if (table.equals(before)) {
            return new ApplyResult(false, false, proxy + " unchanged");
        }
        calls.add("apply " + proxy);
        return new ApplyResult(true, true, proxy + " applied");
    }

    @Override
    public synchronized void remove(String proxy) {
        calls.add("remove " + proxy);
        serving.remove(proxy);
    }

    @Override
    public Optional<RoutingTable> current(String proxy) {
        return Optional.ofNullable(serving.get(proxy));
    }

    @Override
    public List<String> proxies() {
        return new ArrayList<>(serving.keySet());
    }
}
