package org.atoll.kernel.internal.store;

import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.atoll.spi.store.StoreException;

/** Child-JVM main: tries to open the store in args[0] and prints OPENED or REFUSED with the reason. */
@SuppressWarnings("try") // watches opened only to be closed at the end of a block
public final class StoreLockProbe {

    private StoreLockProbe() {
    }

    public static void main(String[] args) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        try (EmbeddedStateStore store = EmbeddedStateStore.open(Path.of(args[0]), executor)) {
            System.out.println("OPENED");
        } catch (StoreException e) {
            System.out.println("REFUSED " + e.getMessage());
        } finally {
            executor.shutdownNow();
        }
    }
}
