package org.atoll.plugin.consul.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.atoll.api.model.CheckSpec;
import org.atoll.spi.discovery.CheckStatus;
import org.atoll.spi.discovery.Endpoint;
import org.atoll.spi.discovery.Registration;
import org.atoll.spi.discovery.ServiceHealth;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads Consul's answers: {@code /v1/agent/services} (a map of service id to service),
 * {@code /v1/agent/checks} (a map of check id to check) and {@code /v1/health/service/NAME} (a list of
 * {Node, Service, Checks}). Missing fields read as empty; nothing here throws on an unexpected shape.
 */
final class Views {

    static final Comparator<Endpoint> ORDER = Comparator.comparing(Endpoint::registrationId)
            .thenComparing(Endpoint::address).thenComparingInt(Endpoint::port);

    private Views() {
    }

    static boolean managed(JsonNode service) {
        return "true".equals(service.path("Meta").path(Payloads.META_MANAGED).asText());
    }

    /** Checks of {@code /v1/agent/checks} by their ServiceID; node-level checks are left out. */
    static Map<String, List<JsonNode>> checksByService(JsonNode agentChecks) {
        Map<String, List<JsonNode>> by = new LinkedHashMap<>();
        agentChecks.forEach(c -> {
            String sid = c.path("ServiceID").asText("");
            if (!sid.isEmpty()) {
                by.computeIfAbsent(sid, k -> new ArrayList<>()).add(c);
            }
        });
        return by;
    }

    /** An Atoll registration as published; its alive TTL check is the provider's, not one of its specs. */
    static Registration registration(JsonNode service, List<JsonNode> checks) {
        JsonNode meta = service.path("Meta");
        List<CheckSpec> specs = new ArrayList<>();
        for (JsonNode c : checks) {
            if (!c.path("CheckID").asText("").startsWith(Payloads.ALIVE_PREFIX)) {
                specs.add(new CheckSpec(c.path("Name").asText(""), type(c), target(c),
                        duration(c, "Interval"), duration(c, "Timeout")));
            }
        }
        int hostPort = service.path("Port").asInt(0);
        return new Registration(service.path("ID").asText(""), service.path("Service").asText(""),
                meta.path(Payloads.META_ENVIRONMENT).asText(""), meta.path(Payloads.META_NODE).asText(""),
                service.path("Address").asText(""), hostPort, parsePort(meta.path(Payloads.META_PORT).asText(""), hostPort),
                text(meta, Payloads.META_PROTO, "tcp"), meta.path(Payloads.META_IMAGE).asText(""),
                strings(service.path("Tags")), specs);
    }

    /** Any service the agent knows, Atoll's or not, with the latest result of each of its checks. */
    static ServiceHealth health(JsonNode service, List<JsonNode> checks) {
        Registration r = managed(service) ? registration(service, checks) : foreign(service, checks);
        List<CheckStatus> statuses = new ArrayList<>();
        checks.forEach(c -> statuses.add(status(c)));
        return new ServiceHealth(r, statuses);
    }

    static CheckStatus status(JsonNode c) {
        CheckStatus.Status s;
        switch (c.path("Status").asText("")) {
            case "passing":
                s = CheckStatus.Status.PASSING;
                break;
            case "warning":
            case "critical":
                s = CheckStatus.Status.CRITICAL;
                break;
            default:
                s = CheckStatus.Status.UNKNOWN;
        }
        return new CheckStatus(c.path("Name").asText(c.path("CheckID").asText("")), type(c), target(c), s,
                c.path("Output").asText(""), null);
    }

    /** The entries of {@code /v1/health/service/NAME}, sorted; an entry is healthy when all its checks pass. */
    static List<Endpoint> endpoints(JsonNode entries) {
        List<Endpoint> out = new ArrayList<>();
        for (JsonNode e : entries) {
            JsonNode svc = e.path("Service");
            String address = svc.path("Address").asText("");
            if (address.isEmpty()) {
                address = e.path("Node").path("Address").asText("");
            }
            boolean healthy = true;
            for (JsonNode c : e.path("Checks")) {
                healthy &= "passing".equals(c.path("Status").asText(""));
            }
            out.add(new Endpoint(svc.path("ID").asText(""), address, svc.path("Port").asInt(0), healthy,
                    svc.path("Meta").path(Payloads.META_ENVIRONMENT).asText("")));
        }
        out.sort(ORDER);
        return List.copyOf(out);
    }

    private static Registration foreign(JsonNode service, List<JsonNode> checks) {
        String node = checks.isEmpty() ? "" : checks.get(0).path("Node").asText("");
        int port = service.path("Port").asInt(0);
        return new Registration(service.path("ID").asText(""), service.path("Service").asText(""), "", node,
                service.path("Address").asText(""), port, port, "tcp", "", strings(service.path("Tags")), List.of());
    }

    /** {@code Type} where the agent reports it, else what the check's {@code Definition} holds. */
    private static String type(JsonNode c) {
        String t = c.path("Type").asText("").toLowerCase(Locale.ROOT);
        if (!t.isEmpty()) {
            return t;
        }
        JsonNode d = c.path("Definition");
        return !d.path("HTTP").asText("").isEmpty() ? "http" : !d.path("TCP").asText("").isEmpty() ? "tcp" : "";
    }

    private static String target(JsonNode c) {
        JsonNode d = c.path("Definition");
        String http = d.path("HTTP").asText("");
        return http.isEmpty() ? d.path("TCP").asText("") : http;
    }

    private static Duration duration(JsonNode c, String field) {
        String v = c.path("Definition").path(field).asText("");
        if (v.isEmpty()) {
            v = c.path(field).asText("");
        }
        return GoDuration.parse(v).filter(d -> !d.isZero()).orElse(null);
    }

    private static int parsePort(String v, int fallback) {
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static String text(JsonNode node, String field, String fallback) {
        String v = node.path(field).asText("");
        return v.isEmpty() ? fallback : v;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(t -> out.add(t.asText()));
        return out;
    }
}
