package org.atoll.plugin.haproxy.internal;

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
 * The bundle bnd built into target/classes: nothing exported, imports only of the API, OSGi, slf4j and
 * Jackson, the component and its metatype, and the digest Lua script shipped as a resource.
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
        assertEquals("org.atoll.plugin.haproxy", m.getMainAttributes().getValue("Bundle-SymbolicName"));
        assertEquals("OSGI-INF/org.atoll.plugin.haproxy.internal.HaproxyRouter.xml",
                m.getMainAttributes().getValue("Service-Component"));
        List<String> imports = clauses(m.getMainAttributes().getValue("Import-Package")).stream()
                .map(c -> c.split(";")[0]).toList();
        for (String p : imports) {
            assertTrue(p.startsWith("org.atoll.spi") || p.equals("org.atoll.api.model") || p.startsWith("org.osgi.")
                    || p.equals("org.slf4j") || p.startsWith("com.fasterxml.jackson.databind"), p);
        }
        assertTrue(imports.contains("org.atoll.spi.routing"), imports.toString());
        assertTrue(m.getMainAttributes().getValue("Import-Package").contains("org.slf4j;version=\"[1.7,3)\""));
        assertTrue(Files.exists(CLASSES.resolve("OSGI-INF/metatype/org.atoll.routing.haproxy.xml")));
        String component = Files.readString(CLASSES.resolve("OSGI-INF/org.atoll.plugin.haproxy.internal.HaproxyRouter.xml"));
        assertTrue(component.contains("atoll.provider") && component.contains("haproxy"), component);
        assertTrue(component.contains("org.atoll.routing.haproxy"), component);
        assertTrue(Files.readString(CLASSES.resolve("org/atoll/plugin/haproxy/internal/digest.lua"))
                .contains("core.register_action(\"atoll_digest\""));
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
