package org.atoll.kernel.internal.testing;

import java.util.List;

import org.atoll.kernel.internal.validate.HostileInputs;

/** The hostile corpus plus values that are only bad as names. */
public final class HostileNames {

    private HostileNames() {
    }

    public static final List<String> CORPUS;

    static {
        java.util.ArrayList<String> all = new java.util.ArrayList<>(HostileInputs.CORPUS);
        all.addAll(List.of("Prod", "prod_1", "1prod", "prod-", "a/b", "a".repeat(64)));
        CORPUS = List.copyOf(all);
    }
}
