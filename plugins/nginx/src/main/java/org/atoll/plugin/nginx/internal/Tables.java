package org.atoll.plugin.nginx.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.atoll.spi.routing.RoutingTable;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** The served table as JSON beside the configuration, so that it survives a restart of the JVM. */
final class Tables {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(SerializationFeature.INDENT_OUTPUT, true)
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private Tables() {
    }

    static byte[] bytes(RoutingTable table) {
        try {
            return JSON.writeValueAsBytes(table);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a routing table as JSON", e);
        }
    }

    /** The table in {@code file}; empty when it is missing or unreadable. */
    static Optional<RoutingTable> read(Path file) {
        try {
            return Optional.of(JSON.readValue(file.toFile(), RoutingTable.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
