package org.atoll.plugin.consul.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.atoll.spi.ProviderException;
import org.atoll.spi.discovery.Endpoint;
import org.atoll.spi.discovery.Registration;
import org.atoll.spi.discovery.ServiceHealth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The agent and health endpoints this provider uses, one method per documented call. */
final class Services {

    private final Agents agents;
    private final ObjectMapper json;
    private final Settings settings;

    Services(Agents agents, ObjectMapper json, Settings settings) {
        this.agents = agents;
        this.json = json;
        this.settings = settings;
    }

    /** Registering an id again replaces it, checks included (replace-existing-checks). */
    void register(Registration r) {
        String body = write(Payloads.register(json, r, settings));
        Failures.expectOk(agents.call("PUT", "/v1/agent/service/register?replace-existing-checks=true", body),
                "register " + r.id());
    }

    /** An id the agent does not know is already gone. */
    void deregister(String id) {
        Agents.Response r = agents.call("PUT", "/v1/agent/service/deregister/" + Paths.segment(id), null);
        if (!r.ok() && r.status() != 404) {
            throw Failures.refused(r, "deregister " + id);
        }
    }

    /** True when the TTL was reset; false when the agent does not know the check (restarted, or failed over). */
    boolean passAlive(String id) {
        Agents.Response r = agents.call("PUT",
                "/v1/agent/check/pass/" + Paths.segment(Payloads.aliveCheckId(id)), null);
        if (r.ok()) {
            return true;
        }
        String body = r.body() == null ? "" : r.body();
        if (r.status() == 404 || r.status() / 100 == 5 && (body.contains("Unknown check") || body.contains("TTL"))) {
            return false;
        }
        throw Failures.refused(r, "pass the alive check of " + id);
    }

    /** The leader's address, empty while the cluster has none. */
    String leader() {
        Agents.Response r = Failures.expectOk(agents.call("GET", "/v1/status/leader", null), "name its leader");
        return read(r).asText("");
    }

    List<Registration> registrations() {
        JsonNode services = agentServices();
        Map<String, List<JsonNode>> checks = Views.checksByService(agentChecks());
        List<Registration> out = new ArrayList<>();
        services.forEach(s -> {
            if (Views.managed(s)) {
                out.add(Views.registration(s, checks.getOrDefault(s.path("ID").asText(""), List.of())));
            }
        });
        return out;
    }

    List<ServiceHealth> catalog() {
        JsonNode services = agentServices();
        Map<String, List<JsonNode>> checks = Views.checksByService(agentChecks());
        List<ServiceHealth> out = new ArrayList<>();
        services.forEach(s -> out.add(Views.health(s, checks.getOrDefault(s.path("ID").asText(""), List.of()))));
        return out;
    }

    List<Endpoint> resolve(String name) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("passing", "true");
        dc(q);
        Agents.Response r = Failures.expectOk(
                agents.call("GET", "/v1/health/service/" + Paths.segment(name) + Paths.query(q), null),
                "resolve " + name);
        return Views.endpoints(read(r));
    }

    void dc(Map<String, String> query) {
        if (!settings.datacenter().isEmpty()) {
            query.put("dc", settings.datacenter());
        }
    }

    JsonNode read(Agents.Response r) {
        try {
            return r.body() == null || r.body().isBlank() ? json.nullNode() : json.readTree(r.body());
        } catch (JsonProcessingException e) {
            throw new ProviderException("consul at " + r.base() + " answered with something that is not JSON", true, e);
        }
    }

    private JsonNode agentServices() {
        return read(Failures.expectOk(agents.call("GET", "/v1/agent/services", null), "list its services"));
    }

    private JsonNode agentChecks() {
        return read(Failures.expectOk(agents.call("GET", "/v1/agent/checks", null), "list its checks"));
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
