package org.atoll.kernel.internal.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Atoll shell command has a role in the shipped command ACL: viewers may run only commands that
 * read, the same rule the HTTP API applies to GETs.
 */
class CommandAclTest {

    private static final Path SHELL = Path.of("src/main/java/org/atoll/kernel/internal/shell");
    private static final Path ACL = Path.of("../distribution/src/main/resources/etc/org.apache.karaf.command.acl.atoll.cfg");
    private static final Pattern COMMAND = Pattern.compile("@Command\\(scope = \"atoll\", name = \"([a-z-]+)\"");
    private static final Set<String> READS = Set.of("deployment-list", "ps", "plugins", "node-list", "registry-list",
            "service-list", "services", "lb-list", "ws-list", "hosts-list", "domain-list", "db-list");

    @Test
    void everyCommandHasItsRoles() throws IOException {
        Map<String, String> acl = acl();
        Set<String> commands = commands();
        assertTrue(commands.size() >= 40, "found only " + commands);
        Map<String, String> expected = new TreeMap<>();
        Map<String, String> actual = new TreeMap<>();
        for (String command : commands) {
            expected.put(command, READS.contains(command) ? "admin, viewer" : "admin");
            actual.put(command, acl.get(command));
        }
        assertEquals(expected, actual, "roles per command in " + ACL);
        Set<String> unknown = new TreeSet<>(acl.keySet());
        unknown.removeIf(k -> commands.contains(k.replaceAll("\\[.*$", "")));
        assertEquals(Set.of(), unknown, "ACL entries for commands that do not exist");
        assertEquals("admin", acl.get("db-list[/.*--show-secrets.*/]"), "only admins see database passwords");
    }

    private static Set<String> commands() throws IOException {
        Set<String> out = new TreeSet<>();
        try (Stream<Path> files = Files.list(SHELL)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = COMMAND.matcher(Files.readString(f));
                while (m.find()) {
                    out.add(m.group(1));
                }
            }
        }
        return out;
    }

    private static Map<String, String> acl() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(ACL)) {
            p.load(r);
        }
        Map<String, String> out = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k).trim()));
        return out;
    }
}
