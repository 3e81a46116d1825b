package org.atoll.plugin.consul.internal;

import org.atoll.spi.ProviderException;

/** Turns an agent's non-2xx answer into the exception operators see. */
final class Failures {

    private static final int SNIPPET = 200;

    private Failures() {
    }

    static Agents.Response expectOk(Agents.Response r, String what) {
        if (!r.ok()) {
            throw refused(r, what);
        }
        return r;
    }

    /** 5xx and 429 may pass (no leader yet, rate limit); a 4xx will fail again as asked. */
    static ProviderException refused(Agents.Response r, String what) {
        boolean retryable = r.status() >= 500 || r.status() == 429;
        String detail = r.status() == 403
                ? "permission denied (check the token in " + ConsulDiscoveryProvider.PID + ")"
                : "HTTP " + r.status() + snippet(r.body());
        return new ProviderException("consul at " + r.base() + " refused to " + what + ": " + detail, retryable);
    }

    private static String snippet(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        String b = body.strip().replaceAll("\\s+", " ");
        return ": " + (b.length() > SNIPPET ? b.substring(0, SNIPPET) + "..." : b);
    }
}
