package org.atoll.kernel.internal.secret;

import java.nio.file.Paths;
import java.util.Optional;

import org.atoll.spi.database.Secret;
import org.atoll.spi.store.StateStore;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The kernel's secrets, with their key in {@code ${karaf.data}/atoll/secrets.key}. */
@Component(service = SecretStore.class)
public class SecretStoreComponent implements SecretStore {

    private final SecretStore secrets;

    @Activate
    public SecretStoreComponent(@Reference(name = "store", target = "(atoll.provider=embedded)") StateStore store) {
        secrets = new EncryptedSecrets(store,
                Paths.get(System.getProperty("karaf.data", "data"), "atoll", "secrets.key"));
    }

    @Override
    public void put(String name, Secret secret) {
        secrets.put(name, secret);
    }

    @Override
    public Optional<Secret> get(String name) {
        return secrets.get(name);
    }

    @Override
    public void delete(String name) {
        secrets.delete(name);
    }

    @Override
    public Secret generate() {
        return secrets.generate();
    }
}
