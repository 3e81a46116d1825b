package org.atoll.api.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;

class ModelJsonTest {

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Test
    void serviceVersionRoundTripsThroughJson() throws Exception {
        ServiceSpec spec = new ServiceSpec("local/web:1", List.of("/bin/httpd", "-f"), Map.of("A", "1"),
                List.of(new PortSpec(80, 8080, "tcp")), Map.of("data", "/srv"), List.of(new LinkSpec("db", 5432, null)),
                3, List.of(new CheckSpec("http", "http", "http://localhost/", Duration.ofSeconds(5), null)),
                new Resources(500, 128), List.of("s1"));
        ServiceVersion v = new ServiceVersion("prod", "web", 2, spec, Instant.parse("2026-01-01T00:00:00Z"));

        String text = json.writeValueAsString(v);
        assertEquals(v, json.readValue(text, ServiceVersion.class));
        assertTrue(text.contains("\"created\":\"2026-01-01T00:00:00Z\""), text);
    }

    @Test
    void absentCollectionsBecomeEmptyAndOmittedOnOutput() throws Exception {
        ServiceSpec spec = json.readValue("{\"image\":\"a\",\"count\":1}", ServiceSpec.class);
        assertEquals(List.of(), spec.cmd());
        assertEquals(Map.of(), spec.env());
        assertEquals(Resources.NONE, spec.resources());
        assertFalse(json.writeValueAsString(spec).contains("cmd"));
    }

    @Test
    void modelCollectionsAreImmutableCopies() {
        List<String> cmd = new ArrayList<>(List.of("a"));
        ServiceSpec spec = new ServiceSpec("img", cmd, null, null, null, null, 1, null, null, null);
        cmd.add("b");
        assertEquals(List.of("a"), spec.cmd());
        assertThrows(UnsupportedOperationException.class, () -> spec.cmd().add("c"));
    }

    @Test
    void scalingAndMovingAreNotSpecChanges() {
        ServiceSpec one = ServiceSpec.of("img", 1);
        assertTrue(one.sameExceptPlacement(one.withCount(5)));
        assertTrue(one.sameExceptPlacement(one.withNodes(List.of("s2"))));
        assertFalse(one.sameExceptPlacement(ServiceSpec.of("img2", 1)));
    }

    @Test
    void aZeroCapacityDimensionIsUnlimitedButAZeroRemainderIsFull() {
        Resources node = new Resources(1000, 0);
        assertTrue(node.canHold(new Resources(500, 4096), new Resources(500, 4096)));
        assertFalse(node.canHold(new Resources(600, 0), new Resources(500, 0)));
        assertTrue(new Resources(1000, 512).canHold(new Resources(500, 256), new Resources(500, 256)));
        assertFalse(new Resources(1000, 512).canHold(new Resources(1000, 512), new Resources(1, 0)));
    }

    @Test
    void instanceIdsFollowTheDocumentedPattern() {
        assertEquals("foo-redis-2-1", Instance.of("foo", "redis", 2, 1, "local").id());
    }
}
