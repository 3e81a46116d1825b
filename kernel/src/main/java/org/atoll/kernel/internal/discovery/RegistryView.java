package org.atoll.kernel.internal.discovery;

import org.atoll.api.model.Registry;

/**
 * A registry for listing.
 *
 * @param registry the registry
 * @param instance its instance id; empty for an adopted one
 * @param state    its instance's state ({@code running}, {@code remote}, …) or {@code external}
 * @param status   its provider's status ({@code UP}, {@code DOWN: why}, {@code no plugin})
 */
public record RegistryView(Registry registry, String instance, String state, String status) {
}
