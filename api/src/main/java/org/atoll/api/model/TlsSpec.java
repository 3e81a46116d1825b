package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * TLS material for a frontend: either files given by the operator or a certificate Atoll generates.
 *
 * @param certificate path of a PEM certificate chain; null when {@code selfSigned}
 * @param key         path of the PEM private key; null when {@code selfSigned}
 * @param selfSigned  generate a self-signed certificate for the frontend's host name
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@ProviderType
public record TlsSpec(String certificate, String key, boolean selfSigned) {
}
