package org.atoll.plugin.haproxy.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.atoll.api.model.TlsSpec;
import org.atoll.spi.routing.BackendServer;
import org.atoll.spi.routing.Frontend;
import org.atoll.spi.routing.RoutingTable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The table a proxy serves, as {@code table.json} beside its configuration, so that it survives a JVM
 * restart. Digest passwords are not kept (they exist only as HA1 digests in the proxy's directory): a
 * table read back has {@value #REDACTED} for every password.
 */
final class TableStore {

    static final String REDACTED = "********";
    private static final ObjectMapper JSON = new ObjectMapper();

    private TableStore() {
    }

    static void write(ProxyHome h, RoutingTable t) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("workers", t.workers());
        ArrayNode resolvers = root.putArray("resolvers");
        t.resolvers().forEach(resolvers::add);
        ArrayNode frontends = root.putArray("frontends");
        for (Frontend f : t.frontends()) {
            ObjectNode o = frontends.addObject();
            o.put("name", f.name());
            o.put("address", f.address());
            o.put("port", f.port());
            ArrayNode hosts = o.putArray("hostnames");
            f.hostnames().forEach(hosts::add);
            o.put("mode", f.mode());
            if (f.tls() != null) {
                ObjectNode tls = o.putObject("tls");
                tls.put("certificate", f.tls().certificate());
                tls.put("key", f.tls().key());
                tls.put("selfSigned", f.tls().selfSigned());
            }
            ArrayNode backends = o.putArray("backends");
            for (BackendServer b : f.backends()) {
                backends.addObject().put("name", b.name()).put("address", b.address()).put("port", b.port());
            }
            ArrayNode users = o.putArray("users");
            new TreeMap<>(f.auth()).keySet().forEach(users::add);
        }
        ProxyHome.writePrivate(h.table(), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }

    static Optional<RoutingTable> read(ProxyHome h) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(h.table()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        List<Frontend> frontends = new ArrayList<>();
        for (JsonNode o : root.path("frontends")) {
            TlsSpec tls = o.hasNonNull("tls") ? new TlsSpec(text(o.path("tls"), "certificate"),
                    text(o.path("tls"), "key"), o.path("tls").path("selfSigned").asBoolean()) : null;
            List<BackendServer> backends = new ArrayList<>();
            for (JsonNode b : o.path("backends")) {
                backends.add(new BackendServer(text(b, "name"), text(b, "address"), b.path("port").asInt()));
            }
            Map<String, String> auth = new LinkedHashMap<>();
            o.path("users").forEach(u -> auth.put(u.asText(), REDACTED));
            frontends.add(new Frontend(text(o, "name"), text(o, "address"), o.path("port").asInt(),
                    strings(o.path("hostnames")), text(o, "mode"), tls, backends, auth));
        }
        return Optional.of(new RoutingTable(frontends, root.path("workers").asInt(), strings(root.path("resolvers"))));
    }

    /** {@code t} as {@link #read} returns it. */
    static RoutingTable redacted(RoutingTable t) {
        List<Frontend> frontends = new ArrayList<>();
        for (Frontend f : t.frontends()) {
            Map<String, String> auth = new LinkedHashMap<>();
            f.auth().keySet().forEach(u -> auth.put(u, REDACTED));
            frontends.add(new Frontend(f.name(), f.address(), f.port(), f.hostnames(), f.mode(), f.tls(), f.backends(),
                    auth));
        }
        return new RoutingTable(frontends, t.workers(), t.resolvers());
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(v -> out.add(v.asText()));
        return out;
    }
}
