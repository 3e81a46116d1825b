package org.atoll.kernel.internal.node;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.atoll.api.model.Instance;
import org.atoll.api.model.Node;
import org.atoll.kernel.internal.config.KernelConfig;
import org.atoll.kernel.internal.state.Json;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.state.StateRepository;
import org.atoll.spi.store.LeaseNotFoundException;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.StateStore;
import org.atoll.spi.store.Txn;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers this node in the store and keeps its heartbeat alive: the node record under
 * {@code /atoll/nodes/} and a key under {@code /atoll/alive/} on a lease that expires when the node
 * stops renewing it (a crash), so other nodes see it down and reschedule its instances.
 */
@Component(service = NodeService.class, configurationPid = KernelConfig.PID, immediate = true)
public class NodeRegistrar implements NodeService {

    private static final Logger LOG = LoggerFactory.getLogger(NodeRegistrar.class);

    private final StateStore store;
    private final StateRepository state;
    private final Node node;
    private final Duration ttl;
    private final ScheduledFuture<?> heartbeat;
    private volatile long lease;

    @Activate
    public NodeRegistrar(KernelConfig config, @Reference(name = "store", target = "(atoll.provider=embedded)") StateStore store,
            @Reference(target = "(atoll.executor=kernel)") ScheduledExecutorService executor) {
        this.store = store;
        this.state = new StateRepository(store);
        Node configured = LocalNode.from(config, Instant.now());
        Node known = state.get(Keys.node(configured.name()), Node.class).orElse(null);
        this.node = known == null ? configured
                : new Node(configured.name(), configured.address(), configured.capacity(), configured.labels(),
                        known.joined());
        this.ttl = Duration.ofSeconds(Math.max(3, config.node_heartbeat_seconds()));
        register();
        long period = Math.max(1000, ttl.toMillis() / 3);
        this.heartbeat = executor.scheduleWithFixedDelay(this::beat, period, period, TimeUnit.MILLISECONDS);
        LOG.info("Node {} ({}) registered", node.name(), node.address());
    }

    private void register() {
        lease = store.grantLease(ttl).id();
        store.commit(Txn.of(Op.put(Keys.node(node.name()), Json.write(node)),
                Op.put(Keys.alive(node.name()), Json.write(Map.of("since", Instant.now().toString())), lease)));
    }

    private void beat() {
        try {
            store.keepAlive(lease);
        } catch (LeaseNotFoundException e) {
            LOG.warn("Heartbeat lease of node {} expired; registering again", node.name());
            register();
        } catch (RuntimeException e) {
            LOG.warn("Heartbeat of node {} failed: {}", node.name(), e.getMessage());
        }
    }

    @Deactivate
    void deactivate() {
        heartbeat.cancel(false);
        try {
            store.revokeLease(lease);
        } catch (RuntimeException e) {
            LOG.debug("Could not revoke heartbeat lease on the way out", e);
        }
    }

    @Override
    public String localName() {
        return node.name();
    }

    @Override
    public List<NodeStatus> list() {
        Set<String> live = state.liveNodes();
        Map<String, Long> counts = state.instances().stream()
                .filter(i -> i.node() != null)
                .collect(Collectors.groupingBy(Instance::node, Collectors.counting()));
        return state.nodes().stream()
                .sorted(Comparator.comparing(Node::name))
                .map(n -> new NodeStatus(n, live.contains(n.name()), counts.getOrDefault(n.name(), 0L).intValue(),
                        n.name().equals(node.name())))
                .toList();
    }
}
