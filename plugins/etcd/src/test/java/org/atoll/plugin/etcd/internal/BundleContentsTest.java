package org.atoll.plugin.etcd.internal;

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
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * The bundle bnd built into target/classes: imports only the API, OSGi, slf4j and optional
 * packages, exports nothing, and ships the union of the embedded jars' ServiceLoader files.
 */
class BundleContentsTest {

    private static final Path CLASSES = Path.of("target", "classes");
    /** Services the embedded code never loads here. */
    private static final Set<String> UNUSED_SERVICES = Set.of("reactor.blockhound.integration.BlockHoundIntegration");

    @Test
    void importsOnlyTheApiOsgiAndSlf4jAndExportsNothing() throws IOException {
        Manifest m;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("META-INF/MANIFEST.MF"))) {
            m = new Manifest(in);
        }
        assertNull(m.getMainAttributes().getValue("Export-Package"));
        assertEquals("org.atoll.plugin.etcd", m.getMainAttributes().getValue("Bundle-SymbolicName"));
        List<String> mandatory = clauses(m.getMainAttributes().getValue("Import-Package")).stream()
                .filter(c -> !c.contains("resolution:=optional"))
                .map(c -> c.split(";")[0])
                .collect(Collectors.toList());
        for (String p : mandatory) {
            assertTrue(p.startsWith("org.atoll.") || p.startsWith("org.osgi.") || p.equals("org.slf4j"), p);
        }
        assertTrue(mandatory.contains("org.atoll.spi.discovery"), mandatory.toString());
        assertTrue(clauses(m.getMainAttributes().getValue("Import-Package")).stream()
                .noneMatch(c -> c.startsWith("com.fasterxml.jackson")), "jackson-core is private, databind unused");
    }

    @Test
    void shipsEveryServiceProviderOfTheEmbeddedJars() throws IOException {
        List<URL> files = Collections.list(getClass().getClassLoader().getResources("META-INF/services/"));
        int checked = 0;
        for (String service : servicesOfJars()) {
            if (UNUSED_SERVICES.contains(service)) {
                continue;
            }
            Path ours = CLASSES.resolve("META-INF/services/" + service);
            assertTrue(Files.exists(ours), "missing " + ours);
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
        assertTrue(checked >= 13, "checked " + checked + " providers; " + files);
    }

    private List<String> servicesOfJars() throws IOException {
        List<String> names = new ArrayList<>();
        String cp = System.getProperty("java.class.path");
        for (String entry : cp.split(java.io.File.pathSeparator)) {
            if (!entry.endsWith(".jar") || entry.contains("junit") || entry.contains("slf4j")
                    || entry.contains("opentest4j") || entry.contains("apiguardian")) {
                continue;
            }
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(entry)) {
                jar.stream().map(java.util.jar.JarEntry::getName)
                        .filter(n -> n.startsWith("META-INF/services/") && !n.endsWith("/"))
                        .map(n -> n.substring("META-INF/services/".length()))
                        .forEach(names::add);
            }
        }
        return names.stream().distinct().collect(Collectors.toList());
    }

    private static List<String> entries(String text) {
        return text.lines().map(l -> l.replaceAll("#.*", "").trim()).filter(l -> !l.isEmpty())
                .collect(Collectors.toList());
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
