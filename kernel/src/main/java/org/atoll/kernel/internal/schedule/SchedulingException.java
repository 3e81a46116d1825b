package org.atoll.kernel.internal.schedule;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Instances could not be placed; nothing was changed. The message names each instance and why. */
public class SchedulingException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    public SchedulingException(Map<String, String> unplaced) {
        super(new TreeMap<>(unplaced).entrySet().stream().map(e -> "cannot place " + e.getKey() + ": " + e.getValue())
                .collect(Collectors.joining("\n")));
    }
}
