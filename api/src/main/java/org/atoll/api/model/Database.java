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
 * @param address     the address the server listens on (clients connect there); null = chosen by Atoll
 * @param port        the port the server listens on; 0 = chosen by Atoll
 */
@ProviderType
public record Database(String name, String kind, String node, String user, String database, String allowedCidr,
        String secret, String address, int port) {

    /** A database whose server's address and port Atoll chooses. */
    public Database(String name, String kind, String node, String user, String database, String allowedCidr,
            String secret) {
        this(name, kind, node, user, database, allowedCidr, secret, null, 0);
    }

    public Database at(String newAddress, int newPort) {
        return new Database(name, kind, node, user, database, allowedCidr, secret, newAddress, newPort);
    }
}
