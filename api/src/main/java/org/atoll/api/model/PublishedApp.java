package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An application a webserver publishes by URL.
 *
 * @param url     the host name ({@code myminio.org})
 * @param backend {@code ip:port}, {@code name:port} or {@code service:NAME}
 * @param tls     TLS for this URL; null = plain HTTP only
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ProviderType
public record PublishedApp(String url, String backend, TlsSpec tls) {
}
