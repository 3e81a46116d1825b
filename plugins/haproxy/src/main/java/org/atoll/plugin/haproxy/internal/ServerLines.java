package org.atoll.plugin.haproxy.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Compares two rendered configurations: does the new one differ from the live one only in server lines
 * whose address is an IP literal? Then the Runtime API can make the worker serve it without a reload
 * (servers given by name need the resolvers of a reload).
 */
final class ServerLines {

    private static final String SERVER = "    server ";
    private static final String BY_NAME = " init-addr ";

    private ServerLines() {
    }

    static boolean onlyLiteralServersDiffer(byte[] live, byte[] next) {
        List<String> a = new String(live, StandardCharsets.UTF_8).lines().toList();
        List<String> b = new String(next, StandardCharsets.UTF_8).lines().toList();
        if (!withoutServers(a).equals(withoutServers(b))) {
            return false;
        }
        Set<String> before = servers(a);
        Set<String> after = servers(b);
        Set<String> changed = new HashSet<>(before);
        changed.addAll(after);
        Set<String> common = new HashSet<>(before);
        common.retainAll(after);
        changed.removeAll(common);
        return changed.stream().noneMatch(l -> l.contains(BY_NAME));
    }

    private static List<String> withoutServers(List<String> lines) {
        return lines.stream().filter(l -> !l.startsWith(SERVER)).toList();
    }

    /** "backend|server line" for every server line. */
    private static Set<String> servers(List<String> lines) {
        Set<String> out = new HashSet<>();
        String backend = "";
        for (String l : lines) {
            if (l.startsWith("backend ")) {
                backend = l;
            } else if (l.startsWith(SERVER)) {
                out.add(backend + "|" + l);
            }
        }
        return out;
    }
}
