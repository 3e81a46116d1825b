package org.atoll.plugin.nginx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

/**
 * The bundle bnd built into target/classes: nothing exported, mandatory imports only of the API, OSGi,
 * slf4j and Jackson's databind, the component and its metatype present.
 */
class BundleContentsTest {

    private static final Path CLASSES = Path.of("target", "classes");

    @Test
    void importsOnlyTheApiOsgiSlf4jAndJacksonAndExportsNothing() throws IOException {
        Manifest m;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("META-INF/MANIFEST.MF"))) {
            m = new Manifest(in);
        }
        assertNull(m.getMainAttributes().getValue("Export-Package"));
        assertEquals("org.atoll.plugin.nginx", m.getMainAttributes().getValue("Bundle-SymbolicName"));
        assertEquals("OSGI-INF/org.atoll.plugin.nginx.internal.NginxRouter.xml",
                m.getMainAttributes().getValue("Service-Component"));
        List<String> imports = clauses(m.getMainAttributes().getValue("Import-Package")).stream()
                .map(c -> c.split(";")[0]).toList();
        for (String p : imports) {
            assertTrue(p.startsWith("org.atoll.") || p.startsWith("org.osgi.") || p.equals("org.slf4j")
                    || p.equals("com.fasterxml.jackson.databind"), p);
        }
        assertTrue(imports.contains("org.atoll.spi.routing"), imports.toString());
        String component = Files.readString(CLASSES.resolve("OSGI-INF/org.atoll.plugin.nginx.internal.NginxRouter.xml"));
        assertTrue(component.contains("name=\"atoll.provider\""), component);
        assertTrue(component.contains("value=\"nginx\""), component);
        assertTrue(component.contains("configuration-pid=\"org.atoll.routing.nginx\""), component);
        assertTrue(component.contains("interface=\"org.atoll.spi.routing.Router\""), component);
        assertTrue(Files.exists(CLASSES.resolve("OSGI-INF/metatype/org.atoll.routing.nginx.xml")));
        assertTrue(Files.exists(Path.of("src/main/cfg/org.atoll.routing.nginx.cfg")));
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
