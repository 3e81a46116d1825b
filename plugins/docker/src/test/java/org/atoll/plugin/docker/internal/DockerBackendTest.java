package org.atoll.plugin.docker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.atoll.api.model.Resources;
import org.atoll.spi.ProviderException;
import org.atoll.spi.ProviderStatus;
import org.atoll.spi.backend.ContainerBackend;
import org.atoll.testing.backend.ContainerBackendContract;
import org.atoll.testing.backend.Waits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.HostConfig;

/** The Docker backend through the conformance harness, against the real engine, plus what is Docker's own. */
class DockerBackendTest extends ContainerBackendContract {

    @RegisterExtension
    static final DockerEngine ENGINE = new DockerEngine();

    private static final long MIB = 1024L * 1024L;

    static Settings settings(String host) {
        return Settings.of(host, "", "unless-stopped", 30, 60, 1);
    }

    @Override
    protected ContainerBackend openBackend() {
        return new DockerBackend("0.0.0.test", settings(DockerEngine.HOST));
    }

    @Override
    protected ContainerBackend openUnreachableBackend() {
        return new DockerBackend("0.0.0.test", settings(unreachableHost()));
    }

    @Override
    protected void closeBackend(ContainerBackend backend) {
        ((DockerBackend) backend).close();
    }

    @Override
    protected String webImage() {
        return DockerEngine.WEB_IMAGE;
    }

    @Override
    protected void createForeign(String name) {
        ENGINE.client().createContainerCmd(DockerEngine.WEB_IMAGE).withName(name)
                .withLabels(Map.of(DockerEngine.TEST_LABEL, "true")).exec();
    }

    @Override
    protected Optional<String> foreignState(String name) {
        try {
            InspectContainerResponse c = ENGINE.client().inspectContainerCmd(name).exec();
            return Optional.of(c.getState().getStatus() + " " + c.getConfig().getLabels() + " " + c.getId());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    @Override
    protected void killExternally(String instanceId) {
        ENGINE.client().killContainerCmd(instanceId).exec();
    }

    @Override
    protected Resources appliedLimits(String instanceId) {
        HostConfig host = ENGINE.client().inspectContainerCmd(instanceId).exec().getHostConfig();
        long nanoCpus = host.getNanoCPUs() == null ? 0 : host.getNanoCPUs();
        long memory = host.getMemory() == null ? 0 : host.getMemory();
        return new Resources(nanoCpus / 1_000_000L, memory / MIB);
    }

    @Override
    protected Map<String, String> labelsOf(String instanceId) {
        return ENGINE.client().inspectContainerCmd(instanceId).exec().getConfig().getLabels();
    }

    @Test
    void anUnreachableEngineIsNamedInTheStatusAndErrors() {
        String host = unreachableHost();
        DockerBackend lost = new DockerBackend("0.0.0.test", settings(host));
        try {
            ProviderStatus down = Waits.await("status DOWN naming the socket", DEADLINE,
                    () -> Optional.of(lost.status()).filter(s -> s.message().contains(host)));
            assertEquals(ProviderStatus.State.DOWN, down.state());
            ProviderException e = assertThrows(ProviderException.class, lost::list);
            assertTrue(e.getMessage().contains("unreachable") && e.getMessage().contains(host), e.getMessage());
        } finally {
            lost.close();
        }
    }

    @Test
    void instancesAreRestartedByTheEngineUnderTheConfiguredPolicy() {
        String id = newId();
        backend().create(spec(id).build());
        String policy = ENGINE.client().inspectContainerCmd(id).exec().getHostConfig().getRestartPolicy().getName();
        assertEquals("unless-stopped", policy);
    }

    @Test
    void configuredDefaultLimitsApplyWhereTheInstanceSetsNone() {
        DockerBackend limited = new DockerBackend("0.0.0.test",
                Settings.of(DockerEngine.HOST, "", "unless-stopped", 30, 60, 1, 250, 64));
        try {
            String defaults = newId();
            limited.create(spec(defaults).build());
            assertEquals(new Resources(250, 64), appliedLimits(defaults));
            String own = newId();
            limited.create(spec(own).resources(0, 32).build());
            assertEquals(new Resources(250, 32), appliedLimits(own));
        } finally {
            limited.close();
        }
    }

    @Test
    void anInstanceMayJoinTheHostsNetworkWhereItsPortsAreNotPublished() {
        String id = newId();
        backend().create(spec(id).network("host").port(80, null).build());
        var host = ENGINE.client().inspectContainerCmd(id).exec().getHostConfig();
        assertEquals("host", host.getNetworkMode());
        assertEquals(0, host.getPortBindings() == null ? 0 : host.getPortBindings().getBindings().size());
        org.atoll.spi.ProviderException bad = org.junit.jupiter.api.Assertions.assertThrows(
                org.atoll.spi.ProviderException.class, () -> backend().create(spec(newId()).network("a b").build()));
        assertTrue(bad.getMessage().contains("network 'a b' is not a valid Docker network name"), bad.getMessage());
    }

    @Test
    void containersAreNamedByTheInstanceId() {
        String id = newId();
        String ref = backend().create(spec(id).build()).ref();
        assertEquals("/" + id, ENGINE.client().inspectContainerCmd(ref).exec().getName());
    }

    @Test
    void anIdThatIsAnotherContainersIdPrefixIsNotThatContainer() {
        String foreign = newId();
        createForeign(foreign);
        String prefix = ENGINE.client().inspectContainerCmd(foreign).exec().getId().substring(0, 12);
        assertEquals(Optional.empty(), backend().inspect(prefix));
        backend().stop(prefix, java.time.Duration.ofSeconds(1));
        backend().remove(prefix);
        assertTrue(foreignState(foreign).isPresent(), "removing by a prefix must not touch another container");
    }

    private static String unreachableHost() {
        return "unix:///tmp/atoll-no-docker-" + Integer.toHexString(ThreadLocalRandom.current().nextInt()) + ".sock";
    }
}
