package org.atoll.plugin.consul.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The state behind {@link MockConsulAgent} (NOT Consul): one agent's services and checks, TTL expiry, a
 * serfHealth node check, a raft index that wakes blocking queries, a leader and a raft peer set, with the
 * answers of the mocked endpoints rendered in the shapes Consul's API documentation shows. Register requests
 * are validated strictly: field names exactly as documented, Meta keys and values within Consul's rules,
 * Go durations.
 */
final class MockConsulState {

    static final String NODE = "mock-node";
    static final String DATACENTER = "dc1";

    // Guarded by this; health() waits on this for blocking queries.
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, ObjectNode> services = new LinkedHashMap<>();
    private final Map<String, Check> checks = new LinkedHashMap<>();
    private final List<String> raftPeers = new ArrayList<>(List.of("127.0.0.1:8300"));
    private long index = 10;
    private String nodeStatus = "passing";
    private String leader = "127.0.0.1:8300";
    private String requiredToken;
    private int healthFailure;
    private boolean left;

    /** A check as the agent holds it. */
    static final class Check {
        String id;
        String name;
        String serviceId;
        String serviceName;
        String type;
        String status;
        String output = "";
        String notes = "";
        ObjectNode definition;
        Duration ttl;
        long deadline;
    }

    record Reply(int status, String body, long index) {
        static Reply ok(String body) {
            return new Reply(200, body, -1);
        }
    }


    synchronized boolean allows(MockConsulAgent.Request req) {
        return requiredToken == null || requiredToken.equals(req.header("X-Consul-Token"));
    }

    synchronized boolean hasService(String id) {
        return services.containsKey(id);
    }

    synchronized String checkStatus(String checkId) {
        Check c = checks.get(checkId);
        return c == null ? null : c.status;
    }

    synchronized void setCheckStatus(String checkId, String status, String output) {
        Check c = checks.get(checkId);
        if (c == null) {
            throw new IllegalArgumentException("no check " + checkId);
        }
        c.status = status;
        c.output = output;
        changed();
    }

    synchronized void setNodeStatus(String status) {
        nodeStatus = status;
        changed();
    }

    /** The agent restarted without its state. */
    synchronized void forgetEverything() {
        services.clear();
        checks.clear();
        changed();
    }

    /** The raft index goes backwards (a snapshot restore), as Consul's blocking-query docs warn. */
    synchronized void resetIndex(long to) {
        index = to;
        notifyAll();
    }

    synchronized long index() {
        return index;
    }

    synchronized void requireToken(String token) {
        requiredToken = token;
    }

    synchronized void setLeader(String address) {
        leader = address;
    }

    synchronized void setRaftPeers(List<String> addresses) {
        raftPeers.clear();
        raftPeers.addAll(addresses);
    }

    synchronized List<String> raftPeers() {
        return List.copyOf(raftPeers);
    }

    synchronized boolean left() {
        return left;
    }

    /** Answer {@code /v1/health/service/...} with this status (0 = normally). */
    synchronized void failHealthWith(int status) {
        healthFailure = status;
    }

    /** A service somebody else registered: no Atoll Meta, one check in the given state. */
    synchronized void addForeignService(String id, String name, int port, String checkStatus) {
        ObjectNode s = service(id, name, List.of("foreign"), "", port, json.createObjectNode());
        services.put(id, s);
        Check c = new Check();
        c.id = "service:" + id;
        c.name = "Service '" + name + "' check";
        c.serviceId = id;
        c.serviceName = name;
        c.type = "http";
        c.status = checkStatus;
        c.definition = json.createObjectNode().put("HTTP", "http://127.0.0.1:" + port + "/").put("Interval", "10s");
        checks.put(c.id, c);
        changed();
    }

    synchronized Reply register(MockConsulAgent.Request req) {
        MockConsulDecoder.Service d = MockConsulDecoder.service(req.json(), json);
        services.put(d.id(), service(d.id(), d.name(), d.tags(), d.address(), d.port(), d.meta()));
        if (req.query().containsKey("replace-existing-checks")) {
            Set<String> keep = new HashSet<>();
            d.checks().forEach(c -> keep.add(c.id));
            checks.values().removeIf(c -> c.serviceId.equals(d.id()) && !keep.contains(c.id));
        }
        for (Check c : d.checks()) {
            Check old = checks.get(c.id);
            if (old != null && old.type.equals(c.type) && !c.type.equals("ttl")) {
                c.status = old.status;
                c.output = old.output;
            }
            checks.put(c.id, c);
        }
        changed();
        return Reply.ok("");
    }

    synchronized Reply deregister(String id) {
        if (services.remove(id) == null) {
            return new Reply(404, "Unknown service ID \"" + id + "\". Ensure that the service ID is passed, not the service name.", -1);
        }
        checks.values().removeIf(c -> c.serviceId.equals(id));
        changed();
        return Reply.ok("");
    }

    synchronized Reply pass(String checkId, String note) {
        Check c = checks.get(checkId);
        if (c == null) {
            return new Reply(404, "Unknown check ID \"" + checkId + "\"", -1);
        }
        if (!c.type.equals("ttl")) {
            return new Reply(500, "CheckID \"" + checkId + "\" does not have associated TTL", -1);
        }
        c.deadline = System.nanoTime() + c.ttl.toNanos();
        if (!c.status.equals("passing")) {
            c.status = "passing";
            c.output = note == null ? "" : note;
            changed();
        }
        return Reply.ok("");
    }

    Reply health(String name, MockConsulAgent.Request req) {
        String dc = req.param("dc");
        synchronized (this) {
            if (healthFailure != 0) {
                return new Reply(healthFailure, "mock: failing on purpose", index);
            }
            if (dc != null && !dc.equals(DATACENTER)) {
                return new Reply(500, "No path to datacenter", -1);
            }
            String since = req.param("index");
            if (since != null && Long.parseLong(since) > 0) {
                Duration wait = req.param("wait") == null ? Duration.ofMinutes(5)
                        : GoDuration.parse(req.param("wait")).orElseThrow(() -> new MockConsulDecoder.BadRequest("bad wait"));
                long deadline = System.nanoTime() + wait.toNanos();
                long asked = Long.parseLong(since);
                long left;
                while (index == asked && (left = deadline - System.nanoTime()) > 0) {
                    try {
                        wait(Math.max(1, left / 1_000_000L));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
            }
            String passing = req.param("passing");
            boolean onlyPassing = req.query().containsKey("passing")
                    && !"false".equalsIgnoreCase(passing) && !"0".equals(passing);
            ArrayNode out = json.createArrayNode();
            for (ObjectNode s : services.values()) {
                if (!s.path("Service").asText().equals(name)) {
                    continue;
                }
                List<ObjectNode> cs = new ArrayList<>();
                for (Check c : checks.values()) {
                    if (c.serviceId.equals(s.path("ID").asText())) {
                        cs.add(checkJson(c));
                    }
                }
                cs.add(serfHealth());
                if (onlyPassing && !cs.stream().allMatch(c -> c.path("Status").asText().equals("passing"))) {
                    continue;
                }
                ObjectNode e = out.addObject();
                e.putObject("Node").put("ID", "40e4a748-2192-161a-0510-9bf59fe950b5").put("Node", NODE)
                        .put("Address", "127.0.0.1").put("Datacenter", DATACENTER);
                ObjectNode svc = e.putObject("Service");
                svc.put("ID", s.path("ID").asText()).put("Service", name).set("Tags", s.path("Tags").deepCopy());
                svc.put("Address", s.path("Address").asText()).set("Meta", s.path("Meta").deepCopy());
                svc.put("Port", s.path("Port").asInt());
                cs.forEach(e.putArray("Checks")::add);
            }
            return new Reply(200, out.toString(), index);
        }
    }

    synchronized Reply leader() {
        return Reply.ok(json.getNodeFactory().textNode(leader).toString());
    }

    synchronized Reply leave() {
        left = true;
        return Reply.ok("");
    }

    synchronized Reply raftConfiguration() {
        ObjectNode out = json.createObjectNode();
        ArrayNode servers = out.putArray("Servers");
        for (String peer : raftPeers) {
            servers.addObject().put("ID", peer).put("Node", "node-" + peer).put("Address", peer)
                    .put("Leader", peer.equals(leader)).put("Voter", true);
        }
        out.put("Index", index);
        return Reply.ok(out.toString());
    }

    synchronized Reply removePeer(String address) {
        if (address == null || !raftPeers.remove(address)) {
            return new Reply(500, "address \"" + address + "\" was not found in the Raft configuration", -1);
        }
        return Reply.ok("");
    }

    synchronized String agentServices() {
        ObjectNode out = json.createObjectNode();
        services.forEach(out::set);
        return out.toString();
    }

    synchronized String agentChecks() {
        ObjectNode out = json.createObjectNode();
        checks.values().forEach(c -> out.set(c.id, checkJson(c)));
        return out.toString();
    }

    // ---- model helpers ----

    private ObjectNode service(String id, String name, List<String> tags, String address, int port, ObjectNode meta) {
        ObjectNode s = json.createObjectNode();
        s.put("ID", id).put("Service", name);
        ArrayNode t = s.putArray("Tags");
        tags.forEach(t::add);
        s.set("Meta", meta);
        s.put("Port", port).put("Address", address).put("EnableTagOverride", false).put("Datacenter", DATACENTER);
        s.putObject("Weights").put("Passing", 1).put("Warning", 1);
        return s;
    }

    private ObjectNode checkJson(Check c) {
        ObjectNode o = json.createObjectNode();
        o.put("Node", NODE).put("CheckID", c.id).put("Name", c.name).put("Status", c.status).put("Notes", c.notes)
                .put("Output", c.output).put("ServiceID", c.serviceId).put("ServiceName", c.serviceName);
        o.set("ServiceTags", services.containsKey(c.serviceId)
                ? services.get(c.serviceId).path("Tags").deepCopy() : json.createArrayNode());
        o.put("Type", c.type);
        o.set("Definition", c.definition.deepCopy());
        return o;
    }

    private ObjectNode serfHealth() {
        ObjectNode o = json.createObjectNode();
        o.put("Node", NODE).put("CheckID", "serfHealth").put("Name", "Serf Health Status").put("Status", nodeStatus)
                .put("Notes", "").put("Output", "").put("ServiceID", "").put("ServiceName", "");
        o.putArray("ServiceTags");
        return o;
    }

    void expireTtls() {
        synchronized (this) {
            long now = System.nanoTime();
            boolean any = false;
            for (Check c : checks.values()) {
                if (c.type.equals("ttl") && !c.status.equals("critical") && now - c.deadline > 0) {
                    c.status = "critical";
                    c.output = "TTL expired";
                    any = true;
                }
            }
            if (any) {
                changed();
            }
        }
    }

    private void changed() {
        index++;
        notifyAll();
    }

}
