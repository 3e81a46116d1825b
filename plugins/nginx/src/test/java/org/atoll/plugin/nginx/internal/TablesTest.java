package org.atoll.plugin.nginx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.atoll.api.model.TlsSpec;
import org.atoll.spi.routing.BackendServer;
import org.atoll.spi.routing.Frontend;
import org.atoll.spi.routing.RoutingTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The served table survives as JSON. */
class TablesTest {

    @TempDir
    Path dir;

    @Test
    void aTableRoundTripsThroughJson() throws Exception {
        RoutingTable table = new RoutingTable(List.of(
                new Frontend("a", null, 80, List.of("a.example"), "least_conn", null,
                        List.of(new BackendServer("s1", "10.0.0.1", 8080)), Map.of()),
                new Frontend("b", "::1", 443, List.of(), null, new TlsSpec("/c.pem", "/k.pem", false), List.of(),
                        Map.of())), 3, List.of("10.0.0.53:53"));
        Path file = dir.resolve("table.json");
        Files.write(file, Tables.bytes(table));
        assertEquals(Optional.of(table), Tables.read(file));
        assertEquals(Optional.empty(), Tables.read(dir.resolve("missing.json")));
        Files.writeString(file, "{not json");
        assertEquals(Optional.empty(), Tables.read(file));
    }
}
