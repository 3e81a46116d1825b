package org.atoll.kernel.internal.discovery;

import java.time.Duration;
import java.util.List;

import org.atoll.api.model.Registry;

/**
 * Registries, the services and checks of containers, and published services. Every method
 * validates first and changes nothing on bad input
 * ({@link org.atoll.kernel.internal.validate.ValidationException} naming the field).
 */
public interface DiscoveryService {

    /** The system deployment deployed registries run in. */
    String REGISTRY_DEPLOYMENT = "atoll-registry";

    /**
     * Adds a registry: adopts {@code external} when given, else runs one on {@code node} at
     * {@code address} through the node's backend, joining the registries of its type.
     *
     * @param name null = {@code <type>-<last part of the address>}
     * @return what happened, for operators
     */
    String addRegistry(String node, String address, String type, String name, String external, Duration wait);

    List<RegistryView> registries();

    /** @return what happened, for operators */
    String removeRegistry(String name);

    List<String> registryNames();

    ContainerService addService(String container, String name, int port, String proto);

    /** The services of one container target, or of all when {@code container} is null. */
    List<ContainerService> services(String container);

    /** Removes one service, or every service of the container when {@code name} is null. */
    List<ContainerService> removeService(String container, String name);

    ContainerCheck addCheck(String container, String name, String type, String target);

    List<ContainerCheck> checks(String container);

    ContainerCheck removeCheck(String container, String name);

    PublishedService publishService(String name, String hostPort, String environment);

    PublishedService unpublishService(String name);

    /** Attaches a check to the published service at the target's host and port (or {@code service}). */
    PublishedService publishCheck(String name, String type, String target, String service);

    PublishedService unpublishCheck(String name);

    List<PublishedService> published();

    /** Every service and check the registries know, per registry type. */
    List<CatalogEntry> catalog();

    /** Instance ids and {@code DEPLOYMENT:SERVICE} targets, for completion. */
    List<String> containers();
}
