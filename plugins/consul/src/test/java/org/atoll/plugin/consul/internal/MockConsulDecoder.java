package org.atoll.plugin.consul.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Strict decoding of register bodies for {@link MockConsulAgent} (NOT Consul): field names exactly as
 * Consul's API documentation spells them (Consul itself is more lenient), Meta keys and values within the
 * documented limits, Go durations, one of TTL/HTTP/TCP per check.
 */
final class MockConsulDecoder {

    private static final Set<String> SERVICE_FIELDS = Set.of("ID", "Name", "Tags", "Address", "TaggedAddresses",
            "Meta", "Port", "Kind", "Proxy", "Connect", "Check", "Checks", "EnableTagOverride", "Weights",
            "Namespace", "SocketPath");
    private static final Set<String> CHECK_FIELDS = Set.of("CheckID", "ID", "Name", "Notes", "Interval", "Timeout",
            "TTL", "HTTP", "TCP", "UDP", "GRPC", "GRPCUseTLS", "H2PING", "Method", "Header", "Body",
            "DisableRedirects", "TLSServerName", "TLSSkipVerify", "DeregisterCriticalServiceAfter", "Status", "Args",
            "DockerContainerID", "Shell", "AliasNode", "AliasService", "SuccessBeforePassing",
            "FailuresBeforeCritical", "FailuresBeforeWarning", "OutputMaxSize");
    private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_-]{1,128}");

    /** A decoded {@code PUT /v1/agent/service/register} body. */
    record Service(String id, String name, List<String> tags, String address, int port, ObjectNode meta,
            List<MockConsulState.Check> checks) {
    }

    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    private MockConsulDecoder() {
    }

    static Service service(JsonNode body, ObjectMapper json) {
        if (!body.isObject()) {
            throw new BadRequest("body is not an object");
        }
        body.fieldNames().forEachRemaining(f -> {
            if (!SERVICE_FIELDS.contains(f)) {
                throw new BadRequest("unknown field \"" + f + "\"");
            }
        });
        String name = text(body, "Name", true);
        String id = body.has("ID") ? text(body, "ID", true) : name;
        if (body.has("Port") && !body.get("Port").isInt()) {
            throw new BadRequest("Port is not a number");
        }
        List<String> tags = new ArrayList<>();
        body.path("Tags").forEach(t -> {
            if (!t.isTextual()) {
                throw new BadRequest("Tags holds a non-string");
            }
            tags.add(t.asText());
        });
        ObjectNode meta = json.createObjectNode();
        JsonNode m = body.path("Meta");
        if (m.size() > 64) {
            throw new BadRequest("Node metadata cannot contain more than 64 key/value pairs");
        }
        m.fields().forEachRemaining(e -> {
            if (!META_KEY.matcher(e.getKey()).matches() || e.getKey().startsWith("consul-")) {
                throw new BadRequest("Key contains invalid characters or is reserved: " + e.getKey());
            }
            if (!e.getValue().isTextual() || e.getValue().asText().length() > 512) {
                throw new BadRequest("Value is not a string of at most 512 characters: " + e.getKey());
            }
            meta.put(e.getKey(), e.getValue().asText());
        });
        List<JsonNode> defs = new ArrayList<>();
        if (body.has("Check")) {
            defs.add(body.get("Check"));
        }
        body.path("Checks").forEach(defs::add);
        List<MockConsulState.Check> incoming = new ArrayList<>();
        for (int i = 0; i < defs.size(); i++) {
            incoming.add(check(json, defs.get(i), id, name, defs.size() > 1 ? ":" + (i + 1) : ""));
        }
        return new Service(id, name, tags, body.path("Address").asText(""), body.path("Port").asInt(0), meta, incoming);
    }

    private static MockConsulState.Check check(ObjectMapper json, JsonNode d, String serviceId, String serviceName,
            String suffix) {
        d.fieldNames().forEachRemaining(f -> {
            if (!CHECK_FIELDS.contains(f)) {
                throw new BadRequest("unknown check field \"" + f + "\"");
            }
        });
        MockConsulState.Check c = new MockConsulState.Check();
        c.serviceId = serviceId;
        c.serviceName = serviceName;
        c.id = d.has("CheckID") ? text(d, "CheckID", true) : d.has("ID") ? text(d, "ID", true)
                : "service:" + serviceId + suffix;
        c.name = d.has("Name") ? text(d, "Name", true) : "Service '" + serviceName + "' check";
        c.notes = d.path("Notes").asText("");
        c.definition = json.createObjectNode();
        int kinds = 0;
        if (d.has("TTL")) {
            kinds++;
            c.type = "ttl";
            c.ttl = duration(d, "TTL");
            c.deadline = System.nanoTime() + c.ttl.toNanos();
        }
        if (d.has("HTTP")) {
            kinds++;
            c.type = "http";
            c.definition.put("HTTP", text(d, "HTTP", true));
        }
        if (d.has("TCP")) {
            kinds++;
            c.type = "tcp";
            c.definition.put("TCP", text(d, "TCP", true));
        }
        if (kinds != 1) {
            throw new BadRequest("a check needs exactly one of TTL, HTTP, TCP (in this mock)");
        }
        if (d.has("DisableRedirects") && !d.get("DisableRedirects").isBoolean()) {
            throw new BadRequest("DisableRedirects is not a bool");
        }
        if (!c.type.equals("ttl")) {
            c.definition.put("Interval", goString(duration(d, "Interval")));
            c.definition.put("Timeout", goString(d.has("Timeout") ? duration(d, "Timeout") : Duration.ofSeconds(10)));
        } else if (d.has("Interval")) {
            throw new BadRequest("TTL checks take no Interval");
        }
        if (d.has("DeregisterCriticalServiceAfter")) {
            c.definition.put("DeregisterCriticalServiceAfter", goString(duration(d, "DeregisterCriticalServiceAfter")));
        }
        String status = d.path("Status").asText("critical");
        if (!Set.of("passing", "warning", "critical").contains(status)) {
            throw new BadRequest("invalid Status " + status);
        }
        c.status = status;
        return c;
    }

    private static String text(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual() || required && v.asText().isEmpty()) {
            throw new BadRequest(field + " must be a non-empty string");
        }
        return v.asText();
    }

    private static Duration duration(JsonNode node, String field) {
        String v = text(node, field, true);
        return GoDuration.parse(v).orElseThrow(() -> new BadRequest("time: invalid duration \"" + v + "\""));
    }

    /** Go's {@code time.Duration.String()}: 1m0s, 1.5s, 500ms. */
    static String goString(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + "ms";
        }
        long h = ms / 3_600_000;
        long m = ms / 60_000 % 60;
        long s = ms / 1000 % 60;
        long frac = ms % 1000;
        String secs = frac == 0 ? Long.toString(s) : s + "." + String.format(Locale.ROOT, "%03d", frac).replaceAll("0+$", "");
        return (h > 0 ? h + "h" : "") + (h > 0 || m > 0 ? m + "m" : "") + secs + "s";
    }
}
