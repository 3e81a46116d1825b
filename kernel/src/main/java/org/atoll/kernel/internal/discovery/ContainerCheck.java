package org.atoll.kernel.internal.discovery;

import org.atoll.api.model.CheckSpec;

/**
 * A check of a container, added with {@code check-add}; its target is a port or
 * {@code http://localhost[:PORT]/PATH}, resolved to the instance's own address when published.
 *
 * @param target the instance id, or {@code DEPLOYMENT:SERVICE} for every instance of a service
 * @param check  the check
 */
public record ContainerCheck(String target, CheckSpec check) {
}
