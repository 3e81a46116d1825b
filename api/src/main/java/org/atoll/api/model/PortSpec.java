package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A port an instance listens on.
 *
 * @param container the port inside the container, 1–65535
 * @param host      the port published on the node, 1–65535; null publishes on a port the backend
 *                  chooses
 * @param proto     {@code tcp} or {@code udp}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ProviderType
public record PortSpec(int container, Integer host, String proto) {
    public PortSpec {
        proto = proto == null ? "tcp" : proto;
    }

    public static PortSpec tcp(int container) {
        return new PortSpec(container, null, "tcp");
    }
}
