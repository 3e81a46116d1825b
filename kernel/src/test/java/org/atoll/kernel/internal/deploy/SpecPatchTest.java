package org.atoll.kernel.internal.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.atoll.api.model.ServiceSpec;
import org.atoll.kernel.internal.validate.ValidationException;
import org.junit.jupiter.api.Test;

class SpecPatchTest {

    private static final ServiceSpec REDIS = new ServiceSpec("company/redis", List.of("redis-server"),
            Map.of("A", "1", "B", "2"), null, null, null, 1, null, null, null);

    @Test
    void theBriefsYamlFlowSyntaxMergesTheEnvironment() {
        ServiceSpec patched = SpecPatch.apply(REDIS, null, null, "{env: {SDF: sdf, A: null}}");
        assertEquals(Map.of("B", "2", "SDF", "sdf"), patched.env());
        assertEquals(List.of("redis-server"), patched.cmd());
    }

    @Test
    void jsonFieldsReplaceAndImageAndEnvOptionsApplyLast() {
        ServiceSpec patched = SpecPatch.apply(REDIS, "company/redis:7", List.of("C=3", "EMPTY="),
                "{\"cmd\": [\"redis-server\", \"--appendonly\", \"yes\"], \"count\": 2}");
        assertEquals("company/redis:7", patched.image());
        assertEquals(List.of("redis-server", "--appendonly", "yes"), patched.cmd());
        assertEquals(2, patched.count());
        assertEquals("3", patched.env().get("C"));
        assertEquals("", patched.env().get("EMPTY"));
    }

    @Test
    void badPatchesNameTheProblem() {
        assertEquals("json: unknown field \"imgae\" (known: [checks, cmd, count, database, env, image, links, network, nodes, ports,"
                + " resources, volumes])", assertThrows(ValidationException.class,
                        () -> SpecPatch.apply(REDIS, null, null, "{imgae: x}")).getMessage());
        assertTrue(assertThrows(ValidationException.class, () -> SpecPatch.apply(REDIS, null, null, "[1, 2]"))
                .getMessage().startsWith("json: must be an object"));
        assertTrue(assertThrows(ValidationException.class, () -> SpecPatch.apply(REDIS, null, null, "{a: [}"))
                .getMessage().startsWith("json: is not valid JSON or YAML"));
        assertTrue(assertThrows(ValidationException.class, () -> SpecPatch.apply(REDIS, null, null, "{count: many}"))
                .getMessage().startsWith("json: does not describe a service"));
        assertEquals("env: \"NOEQUALS\" is not KEY=VALUE", assertThrows(ValidationException.class,
                () -> SpecPatch.apply(REDIS, null, List.of("NOEQUALS"), null)).getMessage());
        assertTrue(assertThrows(ValidationException.class,
                () -> SpecPatch.apply(REDIS, null, null, "{a: &x [1], b: *x, c: !!java.io.File x}")).getMessage()
                .startsWith("json: is not valid JSON or YAML"));
    }
}
