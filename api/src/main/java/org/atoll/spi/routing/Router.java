package org.atoll.spi.routing;

import java.util.List;
import java.util.Optional;

import org.atoll.spi.Provider;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Runs named proxies (load balancers, webservers) and applies desired routing tables to them.
 *
 * <p>Contract: {@link #apply} is idempotent and atomic: the provider renders its whole configuration
 * from the table, validates it with the daemon's own checker, and only then swaps it in and reloads
 * (or uses the daemon's runtime API); a table that does not validate changes nothing and fails with
 * a non-retryable {@link org.atoll.spi.ProviderException} carrying the checker's message. The last
 * good configuration is kept. Every user value in the table has passed the kernel's allow-lists, and
 * providers check again before writing. After a kernel restart the provider adopts the proxies it
 * runs rather than restarting them.
 *
 * <p>What a table means, for every router:
 * <ul>
 * <li>Frontends with the same address and port form one listener. They must agree on TLS, and at most
 *     one of them has no host names (the listener's default site). A request whose host matches no
 *     frontend of its listener gets 404 unless the listener has a default site.</li>
 * <li>All traffic is HTTP/1.1 (and HTTP/2 over TLS where {@link #CAP_HTTP2}). Requests carry
 *     {@code X-Forwarded-For} and {@code X-Forwarded-Proto}.</li>
 * <li>Servers are health-checked by connecting; a request whose connection to a server fails is sent
 *     to another server, so a server that died is skipped before its health check notices.</li>
 * <li>{@code auth} requires HTTP Digest authentication (RFC 7616, MD5, qop=auth) with the frontend's
 *     first host name (or its name) as realm; a router without {@link #CAP_DIGEST_AUTH} refuses such a
 *     table with a non-retryable error.</li>
 * </ul>
 */
@ConsumerType
public interface Router extends Provider {

    /** Capability: backend changes go through a runtime API without a reload. */
    String CAP_RUNTIME_API = "runtime-api";
    String CAP_TLS = "tls";
    String CAP_HTTP2 = "http2";
    String CAP_DIGEST_AUTH = "digest-auth";

    /** Makes proxy {@code name} serve exactly {@code table}, starting it if needed. */
    ApplyResult apply(String name, RoutingTable table);

    /** Stops proxy {@code name} and removes its configuration; absent is fine. */
    void remove(String name);

    /** The table proxy {@code name} serves now, if it exists. */
    Optional<RoutingTable> current(String name);

    /** The names of the proxies this router runs on this host, adopted ones included. */
    List<String> proxies();
}
