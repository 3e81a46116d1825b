package org.atoll.spi.routing;

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
}
