package org.atoll.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Null-tolerant defensive copies that keep the caller's order. */
final class Copies {
    private Copies() {
    }

    static <T> List<T> list(List<T> in) {
        return in == null ? List.of() : List.copyOf(in);
    }

    static <K, V> Map<K, V> map(Map<K, V> in) {
        return in == null || in.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(in));
    }
}
