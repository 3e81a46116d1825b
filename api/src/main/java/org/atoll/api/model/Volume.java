package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A named volume of a service, kept in a volume store. Exactly one node owns it and may write it;
 * it follows its service when the service moves.
 *
 * @param name       {@code <deployment>-<service>-<volume>}
 * @param deployment the deployment's name
 * @param service    the service's name
 * @param node       the owning node
 * @param store      the volume store provider's name ({@code zfs})
 */
@ProviderType
public record Volume(String name, String deployment, String service, String node, String store) {
}
