package org.atoll.plugin.postgresql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

/**
 * The bundle bnd built into target/classes: exports nothing, embeds pgJDBC privately (never imports it), and
 * imports as mandatory only the API, OSGi, slf4j and the few JDK packages every connection needs.
 */
class BundleContentsTest {

    private static final Path CLASSES = Path.of("target", "classes");
    private static final Set<String> JDK = Set.of("javax.net", "javax.crypto", "javax.crypto.spec");

    @Test
    void importsOnlyTheApiOsgiSlf4jAndTheJdkAndExportsNothing() throws IOException {
        Manifest m;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("META-INF/MANIFEST.MF"))) {
            m = new Manifest(in);
        }
        var main = m.getMainAttributes();
        assertNull(main.getValue("Export-Package"));
        assertNull(main.getValue("Bundle-Activator"), "pgJDBC's activator is not this bundle's");
        assertEquals("org.atoll.plugin.postgresql", main.getValue("Bundle-SymbolicName"));
        List<String> imports = clauses(main.getValue("Import-Package"));
        for (String c : imports) {
            String pkg = c.split(";")[0];
            assertFalse(pkg.startsWith("org.postgresql"), "pgJDBC is embedded, not imported: " + c);
            if (!c.contains("resolution:=optional")) {
                assertTrue(pkg.startsWith("org.atoll.") || pkg.startsWith("org.osgi.") || pkg.equals("org.slf4j")
                        || JDK.contains(pkg), c);
            }
        }
        assertTrue(imports.stream().anyMatch(c -> c.startsWith("org.atoll.spi.database;")), imports.toString());
        assertTrue(main.getValue("Private-Package").contains("org.postgresql.core.v3"));
        assertFalse(main.getValue("Private-Package").contains("org.postgresql.osgi"));
        assertTrue(Files.exists(CLASSES.resolve("org/postgresql/Driver.class")));
        assertTrue(Files.exists(CLASSES.resolve("OSGI-INF/metatype/org.atoll.database.postgresql.xml")));
        String component = Files.readString(
                CLASSES.resolve("OSGI-INF/org.atoll.plugin.postgresql.internal.PostgresqlProvisioner.xml"));
        assertTrue(component.contains("configuration-pid=\"org.atoll.database.postgresql\""), component);
        assertTrue(component.contains("configuration-policy=\"optional\""), component);
        assertTrue(component.contains("name=\"atoll.provider\" type=\"String\" value=\"postgresql\""), component);
    }

    private static List<String> clauses(String header) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char c : header.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
