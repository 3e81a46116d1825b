package org.atoll.kernel.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.atoll.api.model.Instance;
import org.atoll.api.model.Service;
import org.atoll.kernel.internal.state.Json;
import org.atoll.kernel.internal.state.Keys;
import org.atoll.kernel.internal.store.EmbeddedStateStore;
import org.atoll.kernel.internal.testing.HostileNames;
import org.atoll.kernel.internal.validate.ValidationException;
import org.atoll.spi.store.Op;
import org.atoll.spi.store.Txn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class DeploymentServiceTest {

    static final List<String> HOSTILE = HostileNames.CORPUS;

    @TempDir
    Path dir;

    private ScheduledThreadPoolExecutor executor;
    private EmbeddedStateStore store;
    private DeploymentService deployments;

    @BeforeEach
    void setUp() {
        executor = new ScheduledThreadPoolExecutor(1);
        store = EmbeddedStateStore.open(dir, executor);
        deployments = new DeploymentServiceImpl(store, Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC));
    }

    @AfterEach
    void tearDown() {
        store.close();
        executor.shutdownNow();
    }

    @Test
    void createsListsAndRemoves() {
        deployments.create("production", "the live shop");
        deployments.create("staging", null);
        List<DeploymentSummary> list = deployments.list();
        assertEquals(List.of("production", "staging"), list.stream().map(DeploymentSummary::name).toList());
        assertEquals("the live shop", list.get(0).description());
        assertEquals(Instant.parse("2026-11-22T10:00:00Z"), list.get(0).created());
        assertEquals(0, deployments.remove("staging"));
        assertEquals(List.of("production"), deployments.names());
    }

    @Test
    void aTakenNameIsRefusedAndTheFirstIsKept() {
        deployments.create("production", "first");
        long revision = store.revision();
        ValidationException e = assertThrows(ValidationException.class, () -> deployments.create("production", "second"));
        assertEquals("name: deployment \"production\" exists already", e.getMessage());
        assertEquals(revision, store.revision());
        assertEquals("first", deployments.list().get(0).description());
    }

    @ParameterizedTest
    @FieldSource("HOSTILE")
    void badNamesAreRefusedAndChangeNothing(String name) {
        long revision = store.revision();
        ValidationException e = assertThrows(ValidationException.class, () -> deployments.create(name, null));
        assertTrue(e.getMessage().startsWith("name: "), e.getMessage());
        assertThrows(ValidationException.class, () -> deployments.remove(name));
        assertEquals(revision, store.revision());
    }

    @Test
    void badDescriptionsAreRefused() {
        ValidationException e = assertThrows(ValidationException.class, () -> deployments.create("prod", "a\u2028b"));
        assertEquals("description: contains a control character at position 1", e.getMessage());
        assertEquals(List.of(), deployments.names());
    }

    @Test
    void removingAnUnknownDeploymentSaysSo() {
        ValidationException e = assertThrows(ValidationException.class, () -> deployments.remove("nope"));
        assertEquals("name: no deployment \"nope\"", e.getMessage());
    }

    @Test
    void removingADeploymentRemovesItsServicesVersionsAndInstancesInOneRevision() {
        deployments.create("foo", null);
        deployments.create("foobar", null);
        store.commit(Txn.of(Op.put(Keys.service("foo", "web"), Json.write(new Service("foo", "web", 1, 2, null, null))),
                Op.put(Keys.version("foo", "web", 1), "{}"),
                Op.put(Keys.instance("foo", "foo-web-1-1"), Json.write(Instance.of("foo", "web", 1, 1, "n1"))),
                Op.put(Keys.instance("foo", "foo-web-1-2"), Json.write(Instance.of("foo", "web", 1, 2, "n1"))),
                Op.put(Keys.instance("foobar", "foobar-web-1-1"), Json.write(Instance.of("foobar", "web", 1, 1, "n1")))));
        assertEquals(1, deployments.list().get(0).services());
        assertEquals(2, deployments.list().get(0).instances());
        long before = store.revision();

        assertEquals(2, deployments.remove("foo"));

        assertEquals(before + 1, store.revision());
        assertEquals(List.of(), store.list("/atoll/services/foo/"));
        assertEquals(List.of(), store.list("/atoll/versions/foo/"));
        assertEquals(List.of(), store.list("/atoll/instances/foo/"));
        assertEquals(1, store.list("/atoll/instances/foobar/").size(), "a deployment whose name starts the same is kept");
    }

    @Test
    void aConditionalRemoveNeedsTheRevisionItWasReadAt() {
        deployments.create("foo", "");
        long read = store.get(Keys.deployment("foo")).orElseThrow().modRevision();
        store.commit(Txn.of(Op.put(Keys.deployment("foo"), store.get(Keys.deployment("foo")).orElseThrow().value())));
        long before = store.revision();
        StaleRevisionException stale = assertThrows(StaleRevisionException.class, () -> deployments.remove("foo", read));
        assertEquals(before, stale.current());
        assertEquals(before, store.revision(), "nothing removed");
        assertEquals(0, deployments.remove("foo", before));
        assertEquals(List.of(), deployments.names());
    }
}
