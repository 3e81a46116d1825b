package org.atoll.plugin.scheduler.resource.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Validated configuration. An invalid value is replaced by its default and described in
 * {@link #problems()}, which the component reports as a degraded status instead of failing.
 */
record Settings(Mode mode, double cpuOvercommit, double memoryOvercommit, List<String> problems) {

    enum Mode {
        /** Most loaded node that still fits. */
        BINPACK,
        /** Least loaded node. */
        SPREAD;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static final Settings DEFAULT = new Settings(Mode.BINPACK, 1.0, 1.0, List.of());

    Settings {
        Objects.requireNonNull(mode, "mode");
        problems = List.copyOf(problems);
    }

    static Settings of(Mode mode, double cpuOvercommit, double memoryOvercommit) {
        return new Settings(mode, cpuOvercommit, memoryOvercommit, List.of());
    }

    static Settings from(ResourceSchedulerConfig config) {
        List<String> problems = new ArrayList<>();
        String strategy = config.strategy() == null ? "" : config.strategy().trim().toLowerCase(Locale.ROOT);
        Mode mode;
        switch (strategy) {
            case "binpack" -> mode = Mode.BINPACK;
            case "spread" -> mode = Mode.SPREAD;
            default -> {
                mode = DEFAULT.mode();
                problems.add("strategy '" + config.strategy() + "' is neither binpack nor spread; using binpack");
            }
        }
        double cpu = ratio("overcommit.cpu", config.overcommit_cpu(), problems);
        double memory = ratio("overcommit.memory", config.overcommit_memory(), problems);
        return new Settings(mode, cpu, memory, problems);
    }

    private static double ratio(String name, double value, List<String> problems) {
        if (Double.isFinite(value) && value > 0) {
            return value;
        }
        problems.add(name + " must be a number greater than 0, not " + value + "; using 1.0");
        return 1.0;
    }

    /** What a node offers in one dimension after overcommit; 0 stays 0 (not limited). */
    static long effective(long capacity, double ratio) {
        if (capacity <= 0) {
            return capacity;
        }
        double scaled = Math.floor(capacity * ratio);
        if (scaled >= Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        // Never let a small ratio turn a limited node into an unlimited one.
        return Math.max(1, (long) scaled);
    }
}
