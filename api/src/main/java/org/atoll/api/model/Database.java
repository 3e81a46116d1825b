package org.atoll.api.model;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A database server instance with one user and one database on it.
 *
 * @param name        a DNS label; generated when the user gives none
 * @param kind        {@code mysql} or {@code postgresql}
 * @param node        the node the server runs on
 * @param user        the user to create, a safe SQL identifier
 * @param database    the database to create, a safe SQL identifier
 * @param allowedCidr the address range the user may connect from ({@code 10.0.4.0/24})
 * @param secret      the name of the stored secret holding the password; never the password
 */
@ProviderType
public record Database(String name, String kind, String node, String user, String database, String allowedCidr,
        String secret) {
}
