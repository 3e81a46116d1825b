package org.atoll.kernel.internal.database;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.atoll.spi.database.Secret;

/**
 * Database servers with one user and one database each ({@code db-add}). Every method validates
 * first and changes nothing on bad input; passwords are secrets and never printed unless asked.
 */
public interface DatabaseService {

    /**
     * @param name     null = {@code <kind>-<n>}
     * @param cidr     null = this node's container network
     * @param password null = a generated one
     * @return what happened, for operators
     */
    String add(String kind, String node, String user, String database, String name, String cidr, Secret password,
            Duration wait);

    List<DatabaseView> list(boolean reveal);

    /** Stops the server; its data is deleted only when {@code deleteData}. */
    String remove(String name, boolean deleteData);

    /** Sets a new password (null = generated) and waits until the server has it. */
    String rotate(String name, Secret password, Duration wait);

    List<String> names();

    /**
     * Makes sure the database a service of {@code deployment} declares exists on this node, named
     * {@link #nameOf}, with a generated password; returns that name. Changes nothing when it exists.
     */
    String declare(String deployment, org.atoll.api.model.DatabaseRef ref);

    /** The name of the database server a service of {@code deployment} declares with {@code ref}. */
    static String nameOf(String deployment, org.atoll.api.model.DatabaseRef ref) {
        return deployment + "-" + ref.name().replace('_', '-');
    }

    /**
     * The variables an instance using database {@code name} gets ({@code DATABASE_URL} and
     * friends); they hold the password.
     *
     * @throws org.atoll.spi.ProviderException (retryable) while the database does not exist or is not ready
     */
    Map<String, String> environment(String name);
}
