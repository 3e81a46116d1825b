package org.atoll.spi.database;

import java.util.List;

import org.atoll.spi.Provider;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs database servers and provisions users and databases on them.
 *
 * <p>Contract: every operation is idempotent and blocking with the provider's timeout.
 * {@link #ensureServer} starts the server if it is not running and adopts it if it is (after a kernel
 * restart it never re-initialises existing data). {@link #ensureDatabase} creates or updates the user
 * (setting the given password), the database and a grant limited to the allowed address range.
 * Passwords are passed as {@link Secret}s and never reach logs, process arguments or exception
 * messages. Identifiers have passed the kernel's allow-list; providers quote them anyway.
 */
@ConsumerType
public interface DatabaseProvisioner extends Provider {

    /** Capability: {@link #rotatePassword} is supported. */
    String CAP_ROTATE = "rotate-password";

    /** The database kind this provider serves: {@code mysql} or {@code postgresql}. */
    String kind();

    ServerStatus ensureServer(ServerSpec server);

    void ensureDatabase(String server, DatabaseSpec database, Secret password);

    default void rotatePassword(String server, String user, Secret password) {
        throw new UnsupportedOperationException(info().name() + " does not support " + CAP_ROTATE);
    }

    /** Drops the user and the database; absent is fine. */
    void dropDatabase(String server, DatabaseSpec database);

    /** Stops the server; deletes its data only when {@code deleteData}. */
    void removeServer(String server, boolean deleteData);

    List<ServerStatus> servers();
}
