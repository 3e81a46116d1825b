package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import java.time.Duration;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A health check of an instance or an ad-hoc service.
 *
 * @param name     a DNS label, unique for its owner
 * @param type     {@code tcp} or {@code http}
 * @param target   for tcp a port ({@code 80}) or {@code host:port}; for http a URL
 * @param interval how often to check; null = the provider's default
 * @param timeout  how long one check may take; null = the provider's default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ProviderType
public record CheckSpec(String name, String type, String target, Duration interval, Duration timeout) {
}
