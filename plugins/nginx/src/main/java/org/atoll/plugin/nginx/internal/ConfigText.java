package org.atoll.plugin.nginx.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Renders a {@link Plan} as one whole nginx configuration. Every value in it passed {@link Values}; every
 * path is relative (to the prefix given with {@code -p}, or for certificates to the configuration's own
 * directory, which is the same), so the very bytes checked in a scratch directory are the ones that go
 * live. Nothing outside the proxy's directory is included or referenced.
 */
final class ConfigText {

    static final String UPSTREAM_PREFIX = "fe_";
    /** nginx's passive health check: one failed connection takes a server out for two seconds. */
    static final String SERVER_CHECK = "max_fails=1 fail_timeout=2s";

    private final StringBuilder b = new StringBuilder();
    private final boolean ipv6;

    private ConfigText(boolean ipv6) {
        this.ipv6 = ipv6;
    }

    /** {@code ipv6}: whether the all-addresses listeners also listen on [::]. */
    static String render(String proxy, Plan plan, boolean ipv6) {
        return new ConfigText(ipv6).text(proxy, plan);
    }

    private String text(String proxy, Plan plan) {
        line(0, "# nginx configuration of the Atoll proxy " + proxy + ", written whole by the Atoll nginx router at");
        line(0, "# every change: do not edit. Paths are relative to this directory.");
        line(0, "worker_processes " + plan.workers() + ";");
        line(0, "pid nginx.pid;");
        line(0, "error_log error.log warn;");
        line(0, "");
        line(0, "events {");
        line(1, "worker_connections 1024;");
        line(0, "}");
        line(0, "");
        line(0, "http {");
        for (String s : List.of("default_type application/octet-stream;", "access_log off;", "server_tokens off;",
                "server_names_hash_bucket_size 256;", "server_names_hash_max_size 8192;", "client_max_body_size 0;",
                "client_body_temp_path temp/client_body;", "proxy_temp_path temp/proxy;",
                "fastcgi_temp_path temp/fastcgi;", "uwsgi_temp_path temp/uwsgi;", "scgi_temp_path temp/scgi;",
                "ssl_protocols TLSv1.2 TLSv1.3;",
                "proxy_http_version 1.1;", "proxy_set_header Host $host;",
                "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
                "proxy_set_header X-Forwarded-Proto $scheme;",
                "proxy_next_upstream error timeout http_502 http_503;", "proxy_connect_timeout 2s;")) {
            line(1, s);
        }
        if (!plan.resolvers().isEmpty()) {
            line(1, "resolver " + String.join(" ", plan.resolvers()) + ";");
        }
        for (Plan.Listener l : plan.listeners()) {
            for (Plan.Site s : l.sites()) {
                upstream(s);
            }
        }
        for (Plan.Listener l : plan.listeners()) {
            listener(l);
        }
        line(0, "}");
        return b.toString();
    }

    private void upstream(Plan.Site s) {
        if (s.servers().isEmpty()) {
            return;
        }
        line(0, "");
        line(1, "upstream " + UPSTREAM_PREFIX + s.name() + " {");
        if (s.mode() != null) {
            line(2, s.mode() + ";");
        }
        for (Plan.Server server : s.servers()) {
            line(2, "server " + server.address().withPort(server.port()) + " " + SERVER_CHECK + "; # " + server.name());
        }
        line(1, "}");
    }

    private void listener(Plan.Listener l) {
        line(0, "");
        line(1, "# listener " + l.describe() + (l.tls() ? " (TLS)" : ""));
        if (l.defaultSite().isEmpty()) {
            line(1, "server {");
            listen(l, true);
            if (l.tls()) {
                tls(l.sites().get(0));
            }
            line(2, "return 404;");
            line(1, "}");
        }
        for (Plan.Site s : l.sites()) {
            line(1, "server { # frontend " + s.name());
            listen(l, s.hostnames().isEmpty());
            if (!s.hostnames().isEmpty()) {
                line(2, "server_name " + String.join(" ", s.hostnames()) + ";");
            }
            if (l.tls()) {
                tls(s);
            }
            if (s.servers().isEmpty()) {
                line(2, "return 503;");
            } else {
                line(2, "location / {");
                line(3, "proxy_pass http://" + UPSTREAM_PREFIX + s.name() + ";");
                line(2, "}");
            }
            line(1, "}");
        }
    }

    private void listen(Plan.Listener l, boolean defaultServer) {
        String options = (l.tls() ? " ssl http2" : "") + (defaultServer ? " default_server" : "");
        for (String address : addresses(l)) {
            line(2, "listen " + address + options + ";");
        }
    }

    private List<String> addresses(Plan.Listener l) {
        List<String> out = new ArrayList<>();
        if (l.address() != null) {
            out.add(l.address().withPort(l.port()));
        } else {
            out.add(Integer.toString(l.port()));
            if (ipv6) {
                out.add("[::]:" + l.port());
            }
        }
        return out;
    }

    private void tls(Plan.Site s) {
        line(2, "ssl_certificate " + s.certificate() + ";");
        line(2, "ssl_certificate_key " + s.key() + ";");
    }

    private void line(int depth, String text) {
        b.append("    ".repeat(depth)).append(text).append('\n');
    }
}
