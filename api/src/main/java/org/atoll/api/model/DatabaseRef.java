package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A database a service uses: Atoll runs it (as with {@code db-add}) and gives the service's
 * instances {@code DATABASE_URL}, {@code DATABASE_HOST}, {@code DATABASE_PORT}, {@code DATABASE_NAME},
 * {@code DATABASE_USER} and {@code DATABASE_PASSWORD}.
 *
 * @param kind {@code mysql} or {@code postgresql}
 * @param name the database's and its user's name, a safe SQL identifier
 */
@ProviderType
public record DatabaseRef(String kind, String name) {
}
