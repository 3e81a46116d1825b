package org.atoll.itest.karaf;

import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Predicate;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Before;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Boots the built distribution (not a stock Karaf) with a Maven configuration that reaches no
 * remote repository, and offers what every in-container test needs: shell commands, the kernel's
 * registry service, deadline polling.
 */
public abstract class AtollKarafTestSupport {

    static final String REGISTRY_CLASS = "org.atoll.kernel.internal.registry.ProviderRegistry";
    static final String KERNEL_ACTIVATED = "atoll.kernel.activated";
    static final String KERNEL_BSN = "org.atoll.kernel";
    static final String NODE_NAME = "itest-node";
    static final String BOOT_FINISHED = "org.apache.karaf.features.BootFinished";

    @Inject
    protected BundleContext bundleContext;

    @Inject
    protected SessionFactory sessionFactory;

    @Configuration
    public Option[] configuration() throws IOException {
        Option[] options = options();
        if (Boolean.getBoolean("atoll.itest.keepRuntime")) {
            // Debugging only (-Datoll.itest.keepRuntime=true): leaves ~100 MB per run in target/exam.
            options = Arrays.copyOf(options, options.length + 1);
            options[options.length - 1] = keepRuntimeFolder();
        }
        return options;
    }

    private Option[] options() throws IOException {
        File distribution = existing("atoll.distribution");
        File localRepository = existing("atoll.localRepository");
        File work = new File(required("atoll.workDirectory"));
        String mvnCfg = "etc/org.ops4j.pax.url.mvn.cfg";
        String management = "etc/org.apache.karaf.management.cfg";
        return new Option[] {
            karafDistributionConfiguration()
                    .frameworkUrl(distribution.toURI().toString())
                    .karafVersion(required("karaf.version"))
                    .name("Atoll")
                    .unpackDirectory(work)
                    .useDeployFolder(false),
            configureConsole().ignoreLocalConsole().ignoreRemoteShell(),
            // Boot takes seconds; a distribution that cannot boot fails in 2 minutes, not 3.
            systemTimeout(120_000),
            logLevel(LogLevel.valueOf(System.getProperty("atoll.itest.logLevel", "WARN"))),
            // Nothing remote: the distribution's system/ folder, then the local Maven repository
            // (read as a file repository) for what Pax Exam adds.
            editConfigurationFilePut(mvnCfg, "org.ops4j.pax.url.mvn.repositories", ""),
            editConfigurationFilePut(mvnCfg, "org.ops4j.pax.url.mvn.defaultRepositories",
                    "${karaf.home.uri}system@id=system.repository@snapshots,"
                            + localRepository.toURI() + "@id=local@snapshots"),
            editConfigurationFilePut(mvnCfg, "org.ops4j.pax.url.mvn.localRepository",
                    new File(work, "m2").getAbsolutePath()),
            // Several Karaf JVMs may run on one machine: no fixed port.
            editConfigurationFilePut(management, "rmiRegistryPort", Integer.toString(freePort())),
            editConfigurationFilePut(management, "rmiServerPort", Integer.toString(freePort())),
            editConfigurationFilePut("etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port",
                    Integer.toString(freePort())),
            editConfigurationFilePut("etc/org.atoll.kernel.cfg", "node.name", NODE_NAME),
            editConfigurationFilePut("etc/org.atoll.kernel.cfg", "node.address", "127.0.0.1"),
            systemProperty("atoll.testPlugin").value(existing("atoll.testPlugin").getAbsolutePath()),
        };
    }

    /** Karaf registers BootFinished once every boot feature is installed and started. */
    @Before
    public void awaitBootFinished() {
        Await.until("Karaf's boot features (BootFinished service)", Duration.ofSeconds(120),
                () -> bundleContext.getServiceReference(BOOT_FINISHED) != null);
    }

    /** Runs one shell command; fails the test if it fails or does not end in time. */
    protected String execute(String command) {
        Shell.Result result = run(command);
        if (result.failure != null) {
            throw new AssertionError("'" + command + "' failed: " + result.failure + "\n" + result.output,
                    result.failure);
        }
        return result.output;
    }

    /** Runs one shell command and captures its output and, if it failed, why. */
    protected Shell.Result run(String command) {
        return Shell.run(sessionFactory, command);
    }

    /** Polls {@code atoll:plugins} until {@code condition} holds; the failure shows the last listing. */
    protected Table awaitPlugins(String what, Predicate<Table> condition) {
        return Await.until(what, Await.DEFAULT, () -> {
            String output = execute("atoll:plugins");
            Table table = Table.parse(output);
            if (!condition.test(table)) {
                throw new AssertionError("atoll:plugins shows:\n" + output);
            }
            return table;
        });
    }

    /** The kernel's registry service; fails if there is not exactly one. */
    protected ServiceReference<?> registry() {
        try {
            ServiceReference<?>[] refs = bundleContext.getAllServiceReferences(REGISTRY_CLASS, null);
            if (refs == null || refs.length != 1) {
                throw new AssertionError("expected one " + REGISTRY_CLASS + " service, found "
                        + (refs == null ? "none" : Arrays.toString(refs)));
            }
            return refs[0];
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    protected Bundle kernelBundle() {
        for (Bundle bundle : bundleContext.getBundles()) {
            if (KERNEL_BSN.equals(bundle.getSymbolicName())) {
                return bundle;
            }
        }
        throw new AssertionError("no bundle " + KERNEL_BSN + " is installed");
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + property + " is not set (run through Maven)");
        }
        return value;
    }

    static File existing(String property) {
        File file = new File(required(property));
        if (!file.exists()) {
            throw new IllegalStateException(property + " names " + file + ", which does not exist");
        }
        return file;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
