package org.atoll.plugin.nginx.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.atoll.spi.ProviderException;
import org.atoll.spi.routing.BackendServer;
import org.atoll.spi.routing.Frontend;
import org.atoll.spi.routing.RoutingTable;
import org.junit.jupiter.api.Test;

/** What a table becomes, without running nginx (the other tests run it). */
class ConfigTextTest {

    private static Frontend fe(String name, String address, int port, List<String> hosts, String mode,
            BackendServer... servers) {
        return new Frontend(name, address, port, hosts, mode, null, List.of(servers), Map.of());
    }

    @Test
    void aTableBecomesUpstreamsAndServerBlocksPerListener() {
        RoutingTable table = new RoutingTable(List.of(
                fe("a", null, 80, List.of("a.example"), "least_conn", new BackendServer("s1", "10.0.0.1", 8080),
                        new BackendServer("s2", "fd00::2", 8080)),
                fe("b", null, 80, List.of("b.example", "*.b.example"), "ip_hash",
                        new BackendServer("s1", "app.internal", 9000)),
                fe("c", "127.0.0.1", 8080, List.of(), "default"),
                fe("d", "::1", 8081, List.of("d.example"), null, new BackendServer("s1", "10.0.0.4", 1))),
                4, List.of("10.0.0.53", "[fd00::53]:53"));
        String conf = ConfigText.render("demo", TableCheck.check(table), true);
        assertTrue(conf.contains("\nworker_processes 4;\n"));
        assertTrue(conf.contains("\n    resolver 10.0.0.53 [fd00::53]:53;\n"));
        assertTrue(conf.contains("""
                    upstream fe_a {
                        least_conn;
                        server 10.0.0.1:8080 max_fails=1 fail_timeout=2s; # s1
                        server [fd00::2]:8080 max_fails=1 fail_timeout=2s; # s2
                    }
                """), conf);
        assertTrue(conf.contains("        ip_hash;\n        server app.internal:9000 max_fails=1"), conf);
        // *:80 has no default site: a 404 server on both address families is the default
        assertTrue(conf.contains("""
                    server {
                        listen 80 default_server;
                        listen [::]:80 default_server;
                        return 404;
                    }
                    server { # frontend a
                        listen 80;
                        listen [::]:80;
                        server_name a.example;
                        location / {
                            proxy_pass http://fe_a;
                        }
                    }
                """), conf);
        assertTrue(conf.contains("server_name b.example *.b.example;"));
        // c is the default site of 127.0.0.1:8080, and has no servers
        assertTrue(conf.contains("""
                    server { # frontend c
                        listen 127.0.0.1:8080 default_server;
                        return 503;
                    }
                """), conf);
        assertTrue(conf.contains("listen [::1]:8081 default_server;"));
        assertTrue(conf.contains("proxy_next_upstream error timeout http_502 http_503;"));
        assertTrue(conf.contains("proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;"));
        assertTrue(conf.contains("proxy_set_header X-Forwarded-Proto $scheme;"));
        for (String directive : List.of("include", "load_module", "ssl_engine", "lua", "perl", "/etc/", "/var/")) {
            assertFalse(conf.contains(directive), directive);
        }
        assertFalse(ConfigText.render("demo", TableCheck.check(table), false).contains("[::]"));
        assertEquals(conf, ConfigText.render("demo", TableCheck.check(table), true), "deterministic");
    }

    @Test
    void anEmptyTableIsAnNginxWithoutListeners() {
        String conf = ConfigText.render("empty", TableCheck.check(new RoutingTable(List.of())), true);
        assertTrue(conf.contains("worker_processes 1;"));
        assertFalse(conf.contains("listen"));
    }

    @Test
    void listenerRulesAreEnforced() {
        BackendServer s = new BackendServer("s", "10.0.0.1", 80);
        assertRefused("frontends[b].hostnames: listener *:80 already has a default site (frontend a)",
                fe("a", null, 80, List.of(), null, s), fe("b", null, 80, List.of(), null, s));
        assertRefused("frontends[b].hostnames[1]: 'X.example' is already served by frontend a on listener *:80",
                fe("a", null, 80, List.of("x.example"), null, s), fe("b", null, 80, List.of("y.example", "X.example"),
                        null, s));
        assertRefused("frontends[a].name: another frontend has this name",
                fe("a", null, 80, List.of("x.example"), null, s), fe("a", null, 81, List.of(), null, s));
        assertRefused("frontends[a].backends[s].name: another server of this frontend has this name",
                fe("a", null, 80, List.of(), null, s, s));
        assertRefused("frontends[b].address: listener 0.0.0.0:80 overlaps listener *:80",
                fe("a", null, 80, List.of("x.example"), null, s), fe("b", "0.0.0.0", 80, List.of(), null, s));
        assertRefused("frontends[a].mode: 'roundrobin' is not a balancing mode of nginx",
                fe("a", null, 80, List.of(), "roundrobin", s));
        assertRefused("frontends[a].hostnames[1]: 'x.example' is listed twice",
                fe("a", null, 80, List.of("x.example", "X.EXAMPLE"), null, s));
        // the same host name on another listener is fine
        TableCheck.check(new RoutingTable(List.of(fe("a", null, 80, List.of("x.example"), null, s),
                fe("b", "127.0.0.1", 80, List.of("x.example"), null, s))));
    }

    private static void assertRefused(String start, Frontend... frontends) {
        ProviderException e = assertThrows(ProviderException.class,
                () -> TableCheck.check(new RoutingTable(List.of(frontends))));
        assertFalse(e.retryable());
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
    }
}
