package org.atoll.kernel.internal.secret;

import java.util.Optional;

import org.atoll.spi.database.Secret;

/**
 * Secrets (database passwords) kept in the state store encrypted; nothing else of the kernel ever
 * holds them longer than a call. Names are DNS labels.
 */
public interface SecretStore {

    void put(String name, Secret secret);

    Optional<Secret> get(String name);

    void delete(String name);

    /** A new random password: 24 letters and digits (about 143 bits). */
    Secret generate();
}
