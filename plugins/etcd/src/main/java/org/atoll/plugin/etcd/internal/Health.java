package org.atoll.plugin.etcd.internal;

import org.atoll.spi.ProviderStatus;

/** The last known state of the connection; read without blocking. */
final class Health {

    private volatile ProviderStatus last = ProviderStatus.down("not connected yet");

    ProviderStatus status() {
        return last;
    }

    void ok() {
        if (last.state() != ProviderStatus.State.UP) {
            last = ProviderStatus.up();
        }
    }

    void failed(String message) {
        last = ProviderStatus.down(message);
    }
}
