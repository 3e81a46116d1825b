package org.atoll.spi.database;

import org.osgi.annotation.versioning.ProviderType;

import java.util.Arrays;

/**
 * A secret value that does not print. {@link #toString()} is masked; {@link #reveal()} is the one
 * way to read it, for the moment it is handed to a driver.
 */
@ProviderType
public final class Secret {

    private final char[] value;

    public Secret(char[] value) {
        this.value = value.clone();
    }

    public static Secret of(String value) {
        return new Secret(value.toCharArray());
    }

    public char[] reveal() {
        return value.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "******";
    }
}
