package org.atoll.kernel.internal.shell;

import java.time.Duration;

/** The wait options of commands that change instances. */
final class Waits {

    static final int DEFAULT_SECONDS = 120;

    private Waits() {
    }

    static Duration of(int seconds, boolean detach) {
        if (seconds < 0 || seconds > 3600) {
            throw new IllegalArgumentException("wait: " + seconds + " is out of range (0-3600 seconds)");
        }
        return detach ? Duration.ZERO : Duration.ofSeconds(seconds);
    }
}
