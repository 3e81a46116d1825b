package org.atoll.plugin.mysql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

/**
 * The bundle bnd built into target/classes: Connector/J private (never imported), mandatory imports only
 * of the API, OSGi, slf4j and the JDK's javax packages the driver needs, nothing exported, and the
 * driver's ServiceLoader files shipped.
 */
class BundleContentsTest {

    private static final Path CLASSES = Path.of("target", "classes");
    private static final Set<String> JDK = Set.of("javax.sql", "javax.naming", "javax.naming.ldap", "javax.management");

    @Test
    void importsOnlyTheApiOsgiSlf4jAndTheJdkAndExportsNothing() throws IOException {
        Manifest m;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("META-INF/MANIFEST.MF"))) {
            m = new Manifest(in);
        }
        assertNull(m.getMainAttributes().getValue("Export-Package"));
        assertEquals("org.atoll.plugin.mysql", m.getMainAttributes().getValue("Bundle-SymbolicName"));
        assertEquals("OSGI-INF/org.atoll.plugin.mysql.internal.MysqlProvisioner.xml",
                m.getMainAttributes().getValue("Service-Component"));
        List<String> clauses = clauses(m.getMainAttributes().getValue("Import-Package"));
        List<String> mandatory = clauses.stream().filter(c -> !c.contains("resolution:=optional"))
                .map(c -> c.split(";")[0]).toList();
        for (String p : mandatory) {
            assertTrue(p.startsWith("org.atoll.") || p.startsWith("org.osgi.") || p.equals("org.slf4j")
                    || JDK.contains(p), p);
        }
        assertTrue(mandatory.contains("org.atoll.spi.database"), mandatory.toString());
        assertTrue(clauses.stream().noneMatch(c -> c.startsWith("org.mariadb")), "Connector/J is private");
        assertTrue(Files.exists(CLASSES.resolve("org/mariadb/jdbc/Driver.class")));
        assertTrue(Files.exists(CLASSES.resolve("OSGI-INF/metatype/org.atoll.database.mysql.xml")));
    }

    @Test
    void shipsTheDriversServiceFiles() throws IOException {
        int checked = 0;
        for (String service : List.of("org.mariadb.jdbc.plugin.AuthenticationPluginFactory",
                "org.mariadb.jdbc.plugin.Codec", "org.mariadb.jdbc.plugin.CredentialPlugin",
                "org.mariadb.jdbc.plugin.TlsSocketPlugin", "java.sql.Driver")) {
            Path ours = CLASSES.resolve("META-INF/services/" + service);
            List<String> have = entries(Files.readString(ours));
            for (URL u : Collections.list(getClass().getClassLoader().getResources("META-INF/services/" + service))) {
                if (!u.getProtocol().equals("jar")) {
                    continue;
                }
                try (InputStream in = u.openStream()) {
                    for (String e : entries(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                        assertTrue(have.contains(e), ours + " lacks " + e + " from " + u);
                        assertTrue(Files.exists(CLASSES.resolve(e.replace('.', '/') + ".class")), e + " not embedded");
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked >= 45, "checked " + checked);
    }

    private static List<String> entries(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    /** Splits a manifest header at the commas outside quotes. */
    private static List<String> clauses(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(b.toString());
        return out;
    }
}
