package org.atoll.plugin.etcd.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import org.atoll.spi.discovery.Endpoint;
import org.atoll.spi.discovery.EndpointListener;

/** Records what a watch delivers. */
final class Recorder implements EndpointListener {

    final List<List<Endpoint>> deliveries = new CopyOnWriteArrayList<>();

    @Override
    public void onEndpoints(String name, List<Endpoint> endpoints) {
        deliveries.add(endpoints);
    }

    List<Endpoint> latest() {
        return deliveries.isEmpty() ? null : deliveries.get(deliveries.size() - 1);
    }

    void await(Duration deadline, String what, Predicate<List<Endpoint>> condition) {
        Waits.until(deadline, what + " (deliveries: " + deliveries + ")",
                () -> latest() != null && condition.test(latest()));
    }

    static boolean ids(List<Endpoint> endpoints, String... ids) {
        return endpoints.stream().map(Endpoint::registrationId).sorted().toList()
                .equals(java.util.Arrays.stream(ids).sorted().toList());
    }
}
