package org.atoll.itest.karaf;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.FileInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.FrameworkWiring;

/**
 * Plugins come and go at run time; the kernel rebinds without being re-activated. "Not
 * re-activated" is checked on the registry service: same service.id and same activation stamp.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class PluginHotSwapIT extends AtollKarafTestSupport {

    private static final String TEST_PROVIDER = "test-first-fit";
    private static final String SPI = "org.atoll.spi.scheduler.PlacementStrategy";
    private static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(30);

    @Test
    public void installUpdateAndUninstallAPluginBundle() throws Exception {
        KernelIdentity kernel = KernelIdentity.of(Await.until("the registry", Await.DEFAULT, this::registry));

        Bundle plugin;
        try (InputStream in = new FileInputStream(AtollKarafTestSupport.required("atoll.testPlugin"))) {
            plugin = bundleContext.installBundle("atoll-itest:test-first-fit", in);
        }
        try {
            plugin.start();
            List<String> row = awaitListed();
            assertEquals("version column is the bundle's version: " + row,
                    plugin.getVersion().toString(), row.get(2));
            long firstServiceId = providerServiceId();

            try (InputStream in = new FileInputStream(AtollKarafTestSupport.required("atoll.testPlugin"))) {
                plugin.update(in);
            }
            refresh(plugin);
            awaitListed();
            Await.until("a new registration of " + TEST_PROVIDER, () -> providerServiceId() != firstServiceId);
            assertTrue("resource stays", Table.parse(execute("atoll:plugins")).row("scheduler", "resource").isPresent());
        } finally {
            plugin.uninstall();
        }
        refresh(plugin);
        awaitPlugins(TEST_PROVIDER + " to leave atoll:plugins", t -> t.row("scheduler", TEST_PROVIDER).isEmpty());
        assertTrue("resource stays", Table.parse(execute("atoll:plugins")).row("scheduler", "resource").isPresent());

        kernel.assertSame(registry(), kernelBundle());
    }

    @Test
    public void uninstallAndReinstallThePluginFeature() {
        KernelIdentity kernel = KernelIdentity.of(Await.until("the registry", Await.DEFAULT, this::registry));
        awaitPlugins("resource in atoll:plugins", t -> t.row("scheduler", "resource").isPresent());

        // Keep the kernel required on its own, then drop and restore the default set.
        execute("feature:install atoll-kernel");
        execute("feature:uninstall atoll");
        awaitPlugins("resource to leave atoll:plugins", t -> t.row("scheduler", "resource").isEmpty());
        execute("feature:install atoll");
        awaitPlugins("resource back in atoll:plugins", t -> t.row("scheduler", "resource").isPresent());

        kernel.assertSame(registry(), kernelBundle());
    }

    private List<String> awaitListed() {
        return awaitPlugins(TEST_PROVIDER + " in atoll:plugins", t -> t.row("scheduler", TEST_PROVIDER).isPresent())
                .row("scheduler", TEST_PROVIDER).orElseThrow();
    }

    private long providerServiceId() throws Exception {
        ServiceReference<?>[] refs = bundleContext.getAllServiceReferences(SPI,
                "(atoll.provider=" + TEST_PROVIDER + ")");
        if (refs == null || refs.length != 1) {
            throw new AssertionError("expected one " + TEST_PROVIDER + " service, found "
                    + (refs == null ? 0 : refs.length));
        }
        return (Long) refs[0].getProperty(Constants.SERVICE_ID);
    }

    /** Refreshes like bundle:update does, and waits for the refresh to finish. */
    private void refresh(Bundle bundle) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        FrameworkWiring wiring = bundleContext.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
        wiring.refreshBundles(List.of(bundle), event -> {
            if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
                done.countDown();
            }
        });
        assertTrue("refresh finished", done.await(REFRESH_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }

    /** What must not change while plugins come and go. */
    private static final class KernelIdentity {
        final Object serviceId;
        final Object activated;
        final long bundleId;

        private KernelIdentity(Object serviceId, Object activated, long bundleId) {
            this.serviceId = serviceId;
            this.activated = activated;
            this.bundleId = bundleId;
        }

        static KernelIdentity of(ServiceReference<?> registry) {
            Object activated = registry.getProperty(KERNEL_ACTIVATED);
            assertTrue(KERNEL_ACTIVATED + " is set", activated instanceof Long);
            return new KernelIdentity(registry.getProperty(Constants.SERVICE_ID), activated,
                    registry.getBundle().getBundleId());
        }

        void assertSame(ServiceReference<?> registry, Bundle kernel) {
            assertEquals("registry service.id (kernel not re-activated)", serviceId,
                    registry.getProperty(Constants.SERVICE_ID));
            assertEquals("kernel activation stamp", activated, registry.getProperty(KERNEL_ACTIVATED));
            assertEquals("kernel bundle", bundleId, kernel.getBundleId());
            assertEquals("kernel bundle state", Bundle.ACTIVE, kernel.getState());
        }
    }
}
