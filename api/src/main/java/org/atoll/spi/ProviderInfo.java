package org.atoll.spi;

import org.osgi.annotation.versioning.ProviderType;

import java.util.Objects;

/**
 * Who a provider is.
 *
 * @param name        the provider's name, a DNS label such as {@code docker}; equal to the
 *                    {@value Provider#PROPERTY} service property it is registered with
 * @param version     the implementation's version, for display ({@code 1.2.0})
 * @param description one line for humans
 */
@ProviderType
public record ProviderInfo(String name, String version, String description) {
    public ProviderInfo {
        Objects.requireNonNull(name, "name");
        version = version == null ? "" : version;
        description = description == null ? "" : description;
    }
}
