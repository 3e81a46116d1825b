package org.atoll.plugin.haproxy.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the master CLI's {@code show proc} says: how often the master reloaded, how many reloads failed
 * since the last good one, and its workers of the current generation (reload count 0).
 */
record MasterState(long master, int reloads, int failed, List<Long> current, List<Long> old) {

    private static final Pattern MASTER = Pattern.compile("^(\\d+)\\s+master\\s+(\\d+)(?:\\s+\\[failed:\\s*(\\d+)\\])?.*");
    private static final Pattern WORKER = Pattern.compile("^(\\d+)\\s+worker\\s+(\\d+)\\s.*");

    MasterState {
        current = List.copyOf(current);
        old = List.copyOf(old);
    }

    static MasterState parse(String text) throws java.io.IOException {
        long master = 0;
        int reloads = 0;
        int failed = 0;
        List<Long> current = new ArrayList<>();
        List<Long> old = new ArrayList<>();
        for (String line : text.lines().toList()) {
            Matcher m = MASTER.matcher(line.strip());
            Matcher w = WORKER.matcher(line.strip() + " ");
            if (m.matches()) {
                master = Long.parseLong(m.group(1));
                reloads = Integer.parseInt(m.group(2));
                failed = m.group(3) == null ? 0 : Integer.parseInt(m.group(3));
            } else if (w.matches()) {
                (Integer.parseInt(w.group(2)) == 0 ? current : old).add(Long.parseLong(w.group(1)));
            }
        }
        if (master == 0) {
            throw new java.io.IOException("not an answer to show proc");
        }
        return new MasterState(master, reloads, failed, current, old);
    }
}
