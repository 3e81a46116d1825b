package org.atoll.spi.database;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A user and a database on a server.
 *
 * @param user        a safe SQL identifier
 * @param database    a safe SQL identifier
 * @param allowedCidr the range the user may connect from, {@code a.b.c.d/n}
 */
@ProviderType
public record DatabaseSpec(String user, String database, String allowedCidr) {
}
