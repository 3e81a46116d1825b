package org.atoll.testing.backend;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.atoll.api.model.PortSpec;
import org.atoll.api.model.Resources;
import org.atoll.spi.backend.ContainerBackend;
import org.atoll.spi.backend.InstanceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * What {@link ContainerBackendContract} needs from a backend and its engine. A backend's test extends
 * the contract and implements these hooks against a real engine; the contract opens one backend per
 * test and removes every instance it created afterwards.
 */
public abstract class BackendHarness {

    protected static final Duration DEADLINE = Duration.ofSeconds(20);
    protected static final String NODE = "contract-node";

    private final List<String> created = new ArrayList<>();
    private final List<ContainerBackend> opened = new ArrayList<>();
    private String testName = "t";
    private ContainerBackend backend;

    /** A backend object on the engine under test, configured so that it works. */
    protected abstract ContainerBackend openBackend();

    /** A backend object pointed at an engine that does not exist. */
    protected abstract ContainerBackend openUnreachableBackend();

    /** Releases what {@link #openBackend()} opened; the instances stay. */
    protected abstract void closeBackend(ContainerBackend backend);

    /**
     * An image that has {@code sh} and an HTTP server that by default serves {@code /www} (with an
     * {@code index.html}) on port 80 and is started as {@code httpd -f -p PORT -h DIR}.
     */
    protected abstract String webImage();

    /** Makes a stopped container named {@code name} without the backend, as an operator would. */
    protected abstract void createForeign(String name);

    /** The engine's state of the foreign container, if it still exists. */
    protected abstract Optional<String> foreignState(String name);

    /** Makes the instance's process die from outside the backend (kill -9). */
    protected abstract void killExternally(String instanceId);

    /** The limits the engine applied to the instance. */
    protected abstract Resources appliedLimits(String instanceId);

    /** The labels the engine holds for the instance. */
    protected abstract Map<String, String> labelsOf(String instanceId);

    /** An image reference that exists nowhere. */
    protected String missingImage() {
        return "atoll-contract/no-such-image:0";
    }

    /** Labels every test instance carries, so that a fixture can find leftovers. */
    protected Map<String, String> testLabels() {
        return Map.of("atoll.test", "true");
    }

    @BeforeEach
    final void openHarness(TestInfo info) {
        testName = info.getTestMethod().map(m -> m.getName()).orElse("t").replaceAll("[^A-Za-z0-9]", "")
                .toLowerCase();
        testName = testName.length() > 24 ? testName.substring(0, 24) : testName;
        backend = opened(openBackend());
    }

    @AfterEach
    final void closeHarness() {
        try {
            for (String id : created) {
                try {
                    backend.remove(id);
                } catch (RuntimeException e) {
                    // the fixture's own clean-up removes what is left
                }
            }
        } finally {
            opened.forEach(this::closeBackend);
            opened.clear();
            created.clear();
        }
    }

    protected final ContainerBackend backend() {
        return backend;
    }

    /** Opens another backend object (closed after the test), e.g. to recover as a restarted kernel would. */
    protected final ContainerBackend opened(ContainerBackend b) {
        opened.add(b);
        return b;
    }

    /** A fresh instance id for this test, removed after it. */
    protected final String newId() {
        String id = "atoll-" + testName + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20, 1 << 24));
        created.add(id);
        return id;
    }

    protected final Spec spec(String id) {
        return new Spec(id, webImage());
    }

    protected static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Builds {@link InstanceSpec}s for tests. */
    protected final class Spec {
        private final String id;
        private String image;
        private List<String> cmd = List.of();
        private final Map<String, String> env = new HashMap<>();
        private final List<PortSpec> ports = new ArrayList<>();
        private final Map<String, String> mounts = new HashMap<>();
        private Resources resources = Resources.NONE;
        private final Map<String, String> labels = new HashMap<>(testLabels());

        private String network;

        private Spec(String id, String image) {
            this.id = id;
            this.image = image;
            labels.put("atoll.node", NODE);
        }

        public Spec image(String value) {
            image = value;
            return this;
        }

        public Spec cmd(String... value) {
            cmd = List.of(value);
            return this;
        }

        public Spec env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public Spec port(int container, Integer host) {
            ports.add(new PortSpec(container, host, "tcp"));
            return this;
        }

        public Spec mount(String host, String container) {
            mounts.put(host, container);
            return this;
        }

        public Spec resources(long cpuMillis, long memoryMb) {
            resources = new Resources(cpuMillis, memoryMb);
            return this;
        }

        public Spec network(String value) {
            network = value;
            return this;
        }

        public Spec label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public InstanceSpec build() {
            return new InstanceSpec(id, "contract", "web", 3, image, cmd, env, ports, mounts, resources, labels,
                    network);
        }
    }
}
