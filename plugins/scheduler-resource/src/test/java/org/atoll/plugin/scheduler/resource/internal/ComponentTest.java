package org.atoll.plugin.scheduler.resource.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Set;

import org.atoll.spi.ProviderStatus;
import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

class ComponentTest {

    @Test
    void bndGeneratesTheComponentAndMetatypeDescriptors() throws IOException {
        // bnd-process runs before the tests, so the generated descriptors are on the test class path.
        String component = resource("OSGI-INF/" + ResourcePlacementStrategy.class.getName() + ".xml");
        assertTrue(component.contains("configuration-policy=\"optional\""), component);
        assertTrue(component.contains("configuration-pid=\"org.atoll.scheduler.resource\""), component);
        assertTrue(component.contains("name=\"atoll.provider\"") && component.contains("value=\"resource\""),
                component);
        assertTrue(component.contains("<provide interface=\"org.atoll.spi.scheduler.PlacementStrategy\"/>"),
                component);
        assertTrue(component.contains("init=\"2\""), "constructor injection: " + component);

        String metatype = resource("OSGI-INF/metatype/org.atoll.scheduler.resource.xml");
        for (String id : new String[] {"strategy", "overcommit.cpu", "overcommit.memory"}) {
            assertTrue(metatype.contains("id=\"" + id + "\""), metatype);
        }
    }

    @Test
    void infoCarriesTheBundleVersionAndTheActiveSettings() {
        var strategy = new ResourcePlacementStrategy(context("0.1.0.SNAPSHOT"), config("spread", 2.0, 1.5));

        assertEquals("resource", strategy.info().name());
        assertEquals("0.1.0.SNAPSHOT", strategy.info().version());
        assertEquals("Places instances by CPU and memory: spread, overcommit CPU 2.0, memory 1.5",
                strategy.info().description());
        assertEquals(Set.of("spread", "groups", "max-per-node", "allowed-nodes", "overcommit"),
                strategy.capabilities());
        assertEquals(ProviderStatus.up(), strategy.status());
    }

    @Test
    void defaultsAreBinpackWithoutOvercommit() {
        var strategy = new ResourcePlacementStrategy(context("1.0.0"), config("binpack", 1.0, 1.0));

        assertTrue(strategy.supports("binpack"));
        assertFalse(strategy.supports("spread"));
        assertEquals(Settings.DEFAULT, Settings.from(config("binpack", 1.0, 1.0)));
    }

    @Test
    void strategyNamesAreCaseAndSpaceInsensitive() {
        assertEquals(Settings.Mode.SPREAD, Settings.from(config(" Spread ", 1.0, 1.0)).mode());
    }

    @Test
    void invalidValuesFallBackToDefaultsAndDegradeTheStatus() {
        var strategy = new ResourcePlacementStrategy(context("1.0.0"), config("roundrobin", -1.0, Double.NaN));

        assertEquals(ProviderStatus.State.DEGRADED, strategy.status().state());
        assertEquals("strategy 'roundrobin' is neither binpack nor spread; using binpack;"
                + " overcommit.cpu must be a number greater than 0, not -1.0; using 1.0;"
                + " overcommit.memory must be a number greater than 0, not NaN; using 1.0",
                strategy.status().message());
        assertTrue(strategy.supports("binpack"));
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ComponentTest.class.getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static ResourceSchedulerConfig config(String strategy, double cpu, double memory) {
        return new ResourceSchedulerConfig() {
            @Override
            public Class<? extends Annotation> annotationType() {
                return ResourceSchedulerConfig.class;
            }

            @Override
            public String strategy() {
                return strategy;
            }

            @Override
            public double overcommit_cpu() {
                return cpu;
            }

            @Override
            public double overcommit_memory() {
                return memory;
            }
        };
    }

    private static BundleContext context(String version) {
        Bundle bundle = (Bundle) Proxy.newProxyInstance(ComponentTest.class.getClassLoader(),
                new Class<?>[] {Bundle.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getVersion")) {
                        return Version.parseVersion(version);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        return (BundleContext) Proxy.newProxyInstance(ComponentTest.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getBundle") && (args == null || args.length == 0)) {
                        return bundle;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
