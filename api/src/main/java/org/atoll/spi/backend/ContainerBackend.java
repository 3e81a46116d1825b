package org.atoll.spi.backend;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.atoll.spi.Provider;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs instances on one node.
 *
 * <p>Contract:
 * <ul>
 * <li><b>Identity.</b> Everything a backend creates carries the Atoll instance id (Docker: labels).
 *     {@link #list()} returns exactly what this backend created and still exists, found by that
 *     id, whoever created it and whenever; nothing else.</li>
 * <li><b>Idempotence.</b> Every operation may be repeated: {@link #create} of an id that exists
 *     returns the existing instance unchanged; start of a running one, stop of a stopped one and
 *     remove of an absent one succeed.</li>
 * <li><b>Blocking.</b> Operations block until done or until the backend's configured timeout; pulls
 *     of images may take long and are bounded by their own timeout. Failures are
 *     {@link org.atoll.spi.ProviderException}s naming the instance or image and the reason,
 *     retryable when the same call may succeed later.</li>
 * <li><b>Restart.</b> After the kernel restarts it calls {@link #recover()}; the backend re-attaches
 *     to what runs (event streams, supervision) and never recreates or restarts a running instance.</li>
 * </ul>
 */
@ConsumerType
public interface ContainerBackend extends Provider {

    /** Capability: published ports ({@link InstanceSpec#ports()}). */
    String CAP_PORTS = "ports";
    /** Capability: bind-mounted volumes ({@link InstanceSpec#mounts()}). */
    String CAP_VOLUMES = "volumes";
    /** Capability: CPU and memory limits ({@link InstanceSpec#resources()}). */
    String CAP_RESOURCE_LIMITS = "resource-limits";
    /** Capability: {@link #subscribe} delivers events. */
    String CAP_EVENTS = "events";

    /** Makes the image available locally: local first, pulled when missing. */
    void ensureImage(String image);

    /** Creates (does not start) the instance; returns the existing one if its id exists already. */
    BackendInstance create(InstanceSpec spec);

    void start(String instanceId);

    /** Stops the instance, killing it after {@code grace}. */
    void stop(String instanceId, Duration grace);

    /** Removes the instance, stopping it first if it runs. */
    void remove(String instanceId);

    Optional<BackendInstance> inspect(String instanceId);

    /** Every instance this backend owns on its node, in any state. */
    List<BackendInstance> list();

    /**
     * Delivers events about owned instances to {@code listener} until the returned handle is closed.
     * Only called when {@link #CAP_EVENTS} is supported. Listeners must not block.
     */
    default AutoCloseable subscribe(BackendEventListener listener) {
        throw new UnsupportedOperationException(info().name() + " does not support " + CAP_EVENTS);
    }

    /** Re-attaches after a kernel restart and returns what it found; must not recreate anything. */
    default List<BackendInstance> recover() {
        return list();
    }
}
