package org.atoll.plugin.haproxy.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Server changes through the worker's Runtime API (its admin stats socket), without a reload: servers
 * are added (they start in maintenance, so they are then enabled, with their health check), re-addressed,
 * or put into maintenance and deleted once drained. A server that still has connections stays in
 * maintenance (it gets no new requests) and its deletion is retried by the next apply. Any answer that is
 * not the expected one is an {@link IOException}: the caller then reloads instead.
 */
final class RuntimeApi {

    /** What the Runtime API did; {@code pending}: servers in maintenance whose deletion must be retried. */
    record Outcome(int added, int readdressed, int deleted, List<String> pending) {
        String describe() {
            return added + " added, " + readdressed + " re-addressed, " + deleted + " deleted"
                    + (pending.isEmpty() ? "" : ", " + pending.size() + " draining in maintenance " + pending);
        }
    }

    private record State(String name, String address, int port, int admin) {
    }

    /** srv_admin_state bit set by the CLI's "state maint". */
    private static final int FORCED_MAINT = 0x01;
    private static final Duration DRAIN = Duration.ofMillis(1500);

    private final ProxyHome home;

    RuntimeApi(ProxyHome home) {
        this.home = home;
    }

    /** Makes the worker's servers those of {@code plan} (whose backends must all exist already). */
    Outcome reconcile(Plan plan, Deadline deadline) throws IOException {
        Map<String, Map<String, State>> runtime = servers(deadline);
        int added = 0;
        int readdressed = 0;
        for (Plan.Site s : sites(plan)) {
            Map<String, State> have = runtime.getOrDefault(s.name(), Map.of());
            for (Plan.Server v : s.servers()) {
                String id = s.name() + "/" + v.name();
                State st = have.get(v.name());
                if (st == null) {
                    expect(send("add server " + id + " " + v.target() + " " + Renderer.SERVER_OPTIONS, deadline),
                            "New server registered", id);
                    expectEmpty(send("enable health " + id, deadline), id);
                    expectEmpty(send("enable server " + id, deadline), id);
                    added++;
                    continue;
                }
                if (!v.byName() && (!st.address().equals(v.address()) || st.port() != v.port())) {
                    String a = send("set server " + id + " addr " + v.address() + " port " + v.port(), deadline);
                    if (!a.contains("changed") && !a.contains("no need to change")) {
                        throw new IOException("set server " + id + " addr: " + Checks.printable(a.strip()));
                    }
                    readdressed++;
                }
                if ((st.admin() & FORCED_MAINT) != 0) {
                    expectEmpty(send("set server " + id + " state ready", deadline), id);
                }
            }
        }
        Outcome removed = purge(plan, runtime, deadline);
        verify(plan, deadline);
        return new Outcome(added, readdressed, removed.deleted(), removed.pending());
    }

    /** Deletes the servers the worker has that {@code plan} does not (leftovers of an earlier apply). */
    Outcome purge(Plan plan, Deadline deadline) throws IOException {
        return purge(plan, servers(deadline), deadline);
    }

    private Outcome purge(Plan plan, Map<String, Map<String, State>> runtime, Deadline deadline) throws IOException {
        List<String> unwanted = new ArrayList<>();
        for (Plan.Site s : sites(plan)) {
            Set<String> wanted = s.servers().stream().map(Plan.Server::name).collect(Collectors.toSet());
            for (State st : runtime.getOrDefault(s.name(), Map.of()).values()) {
                if (!wanted.contains(st.name())) {
                    String id = s.name() + "/" + st.name();
                    if ((st.admin() & FORCED_MAINT) == 0) {
                        expectEmpty(send("set server " + id + " state maint", deadline), id);
                    }
                    unwanted.add(id);
                }
            }
        }
        int deleted = 0;
        List<String> pending = new ArrayList<>();
        Deadline drain = deadline.within(DRAIN);
        for (String id : unwanted) {
            while (true) {
                String a = send("del server " + id, deadline);
                if (a.contains("Server deleted") || a.contains("No such server")) {
                    deleted++;
                    break;
                }
                if (drain.passed() || !drain.pause(25)) {
                    pending.add(id);
                    break;
                }
            }
        }
        return new Outcome(0, 0, deleted, pending);
    }

    /** Every server of the plan exists with its address and is not held in maintenance by the CLI. */
    private void verify(Plan plan, Deadline deadline) throws IOException {
        Map<String, Map<String, State>> runtime = servers(deadline);
        for (Plan.Site s : sites(plan)) {
            for (Plan.Server v : s.servers()) {
                State st = runtime.getOrDefault(s.name(), Map.of()).get(v.name());
                if (st == null || (st.admin() & FORCED_MAINT) != 0
                        || !v.byName() && (!st.address().equals(v.address()) || st.port() != v.port())) {
                    throw new IOException("server " + s.name() + "/" + v.name() + " is not as configured: " + st);
                }
            }
        }
    }

    /** backend → server → state, from {@code show servers state}. */
    private Map<String, Map<String, State>> servers(Deadline deadline) throws IOException {
        String text = send("show servers state", deadline);
        List<String> header = null;
        Map<String, Map<String, State>> all = new HashMap<>();
        for (String line : text.lines().toList()) {
            if (line.startsWith("# be_id")) {
                header = Arrays.asList(line.substring(2).split(" "));
                continue;
            }
            if (header == null || line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split(" ");
            if (f.length < header.size()) {
                throw new IOException("unexpected show servers state line: " + Checks.printable(line));
            }
            try {
                State st = new State(f[header.indexOf("srv_name")], f[header.indexOf("srv_addr")],
                        Integer.parseInt(f[header.indexOf("srv_port")]),
                        Integer.parseInt(f[header.indexOf("srv_admin_state")]));
                all.computeIfAbsent(f[header.indexOf("be_name")], b -> new LinkedHashMap<>()).put(st.name(), st);
            } catch (RuntimeException e) {
                throw new IOException("unexpected show servers state line: " + Checks.printable(line), e);
            }
        }
        if (header == null) {
            throw new IOException("unexpected answer to show servers state: " + Checks.printable(text));
        }
        return all;
    }

    private String send(String command, Deadline deadline) throws IOException {
        return Cli.command(home.adminSocket(), command, deadline);
    }

    private static void expect(String answer, String expected, String id) throws IOException {
        if (!answer.contains(expected)) {
            throw new IOException(id + ": " + Checks.printable(answer.strip()));
        }
    }

    private static void expectEmpty(String answer, String id) throws IOException {
        if (!answer.isBlank()) {
            throw new IOException(id + ": " + Checks.printable(answer.strip()));
        }
    }

    private static List<Plan.Site> sites(Plan plan) {
        return plan.listeners().stream().flatMap(l -> l.sites().stream()).toList();
    }
}
