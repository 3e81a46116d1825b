package org.atoll.itest.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/** The distribution as booted: bundles, the kernel's services and its shell commands. */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class KernelIT extends AtollKarafTestSupport {

    /** Extension point name → the SPI interface its providers register. */
    static final Map<String, String> EXTENSION_POINTS = new LinkedHashMap<>();

    static {
        EXTENSION_POINTS.put("backend", "org.atoll.spi.backend.ContainerBackend");
        EXTENSION_POINTS.put("store", "org.atoll.spi.store.StateStore");
        EXTENSION_POINTS.put("discovery", "org.atoll.spi.discovery.DiscoveryProvider");
        EXTENSION_POINTS.put("routing", "org.atoll.spi.routing.Router");
        EXTENSION_POINTS.put("database", "org.atoll.spi.database.DatabaseProvisioner");
        EXTENSION_POINTS.put("ha", "org.atoll.spi.ha.VipProvider");
        EXTENSION_POINTS.put("scheduler", "org.atoll.spi.scheduler.PlacementStrategy");
        EXTENSION_POINTS.put("volume", "org.atoll.spi.volume.VolumeStore");
    }

    @Test
    public void kernelIsActiveAndRegistersItsRegistry() {
        Await.until("the kernel bundle to be ACTIVE", () -> kernelBundle().getState() == Bundle.ACTIVE);
        ServiceReference<?> registry = Await.until("the provider registry service", Await.DEFAULT,
                this::registry);
        Object activated = registry.getProperty(KERNEL_ACTIVATED);
        assertTrue(KERNEL_ACTIVATED + " must be a Long, is " + activated, activated instanceof Long);
        assertTrue("activation time in the past", (Long) activated <= System.currentTimeMillis());
        assertEquals(KERNEL_BSN, registry.getBundle().getSymbolicName());
    }

    @Test
    public void everyBundleIsActive() {
        Await.until("every bundle to be ACTIVE (fragments RESOLVED)", () -> {
            List<String> problems = notActive();
            if (!problems.isEmpty()) {
                throw new AssertionError(problems);
            }
            return true;
        });
    }

    @Test
    public void pluginsListsEveryExtensionPointWithItsProviders() throws Exception {
        awaitPlugins("the resource scheduler in atoll:plugins", t -> t.row("scheduler", "resource").isPresent());

        String formatted = execute("atoll:plugins");
        for (String column : List.of("Extension point", "Provider", "Version", "Status", "Capabilities")) {
            assertTrue("header names column " + column + ":\n" + formatted, formatted.contains(column));
        }
        Table table = Table.parse(execute("atoll:plugins --no-format"));
        for (Map.Entry<String, String> point : EXTENSION_POINTS.entrySet()) {
            Set<String> expected = registeredProviders(point.getValue());
            if (point.getKey().equals("store")) {
                expected.add("embedded");
            }
            Set<String> listed = new TreeSet<>();
            for (List<String> row : table.rowsWith(point.getKey())) {
                assertTrue("row has a provider column: " + row, row.size() > 1);
                listed.add(row.get(1));
            }
            if (expected.isEmpty()) {
                assertEquals("point " + point.getKey() + " has no provider:\n" + table,
                        Set.of("(none)"), listed);
            } else {
                assertEquals("providers of " + point.getKey() + ":\n" + table, expected, listed);
            }
        }
        assertTrue(table.row("store", "embedded").isPresent());
        assertTrue(table.row("scheduler", "resource").isPresent());
    }

    @Test
    public void deploymentsAreCreatedListedAndRemoved() {
        assertEquals("Created deployment itest-web.",
                execute("atoll:deployment-create -d \"The web site\" itest-web").strip());
        assertEquals("Created deployment itest-db.", execute("atoll:deployment-create itest-db").strip());

        Table list = Table.parse(execute("atoll:deployment-list"));
        assertTrue("header:\n" + list, list.rows.get(0).containsAll(List.of("Name", "Services", "Instances", "Created")));
        assertEquals("one row for itest-web:\n" + list, 1, list.rowsWith("itest-web").size());
        assertEquals("one row for itest-db:\n" + list, 1, list.rowsWith("itest-db").size());

        assertEquals("Removed deployment itest-web.", execute("atoll:deployment-remove itest-web").strip());
        list = Table.parse(execute("atoll:deployment-list"));
        assertTrue("itest-web is gone:\n" + list, list.rowsWith("itest-web").isEmpty());
        assertEquals("itest-db stays:\n" + list, 1, list.rowsWith("itest-db").size());

        assertEquals("Removed deployment itest-db.", execute("atoll:deployment-remove itest-db").strip());
    }

    @Test
    public void badDeploymentNameIsRefusedAndChangesNothing() {
        String before = execute("atoll:deployment-list");

        Shell.Result result = run("atoll:deployment-create Bad_Name");

        assertNotNull("the command must fail; it printed:\n" + result.output, result.failure);
        String text = result.allText();
        assertTrue("names the field and the value:\n" + text,
                text.contains("name: \"Bad_Name\" is not a valid name"));
        assertTrue("says what a valid name is:\n" + text,
                text.contains("lower-case letters, digits and '-', 1-63 characters, starting with a letter"));
        assertEquals("nothing changed", before, execute("atoll:deployment-list"));
        assertFalse(before.contains("Bad_Name"));
    }

    @Test
    public void nodeListShowsTheLocalNode() {
        List<String> local = Await.until("the local node in atoll:node-list", Await.DEFAULT, () -> {
            String output = execute("atoll:node-list");
            Table nodes = Table.parse(output);
            assertEquals("header:\n" + output, List.of("Name", "Address", "Status", "CPU", "Memory", "Instances"),
                    nodes.rows.get(0).subList(0, 6));
            return nodes.rows.stream()
                    .filter(r -> r.get(0).equals(NODE_NAME) || r.get(0).startsWith(NODE_NAME + " "))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no row for " + NODE_NAME + ":\n" + output));
        });
        assertEquals("address: " + local, "127.0.0.1", local.get(1));
        assertFalse("status: " + local, local.get(2).isEmpty());
    }

    private Set<String> registeredProviders(String spi) throws Exception {
        Set<String> names = new TreeSet<>();
        ServiceReference<?>[] refs = bundleContext.getAllServiceReferences(spi, null);
        if (refs != null) {
            for (ServiceReference<?> ref : refs) {
                names.add(String.valueOf(ref.getProperty("atoll.provider")));
            }
        }
        return names;
    }

    private List<String> notActive() {
        List<String> problems = new ArrayList<>();
        for (Bundle bundle : bundleContext.getBundles()) {
            boolean fragment = bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null;
            int expected = fragment ? Bundle.RESOLVED : Bundle.ACTIVE;
            if (bundle.getState() != expected) {
                problems.add(bundle.getSymbolicName() + " is in state " + bundle.getState());
            }
        }
        return problems;
    }
}
