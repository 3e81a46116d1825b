package org.atoll.plugin.consul.internal;

import java.time.Duration;
import java.util.Locale;

import org.atoll.api.model.CheckSpec;
import org.atoll.spi.ProviderException;
import org.atoll.spi.discovery.Registration;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The body of {@code PUT /v1/agent/service/register}: field names exactly as Consul's API documents them.
 * Atoll's own facts travel in {@code Meta}, whose keys Consul limits to letters, digits, {@code -} and
 * {@code _} (values to 512 characters).
 */
final class Payloads {

    static final String META_MANAGED = "atoll-managed";
    static final String META_ENVIRONMENT = "atoll-environment";
    static final String META_NODE = "atoll-node";
    static final String META_PORT = "atoll-port";
    static final String META_PROTO = "atoll-proto";
    static final String META_IMAGE = "atoll-image";
    static final String ALIVE_NAME = "atoll-alive";
    static final String ALIVE_PREFIX = ALIVE_NAME + ":";
    static final String CHECK_PREFIX = "atoll-check:";

    private static final int META_VALUE_MAX = 512;

    private Payloads() {
    }

    static String aliveCheckId(String registrationId) {
        return ALIVE_PREFIX + registrationId;
    }

    static String checkId(String registrationId, String checkName) {
        return CHECK_PREFIX + registrationId + ":" + checkName;
    }

    static ObjectNode register(ObjectMapper json, Registration r, Settings s) {
        ObjectNode body = json.createObjectNode();
        body.put("ID", r.id());
        body.put("Name", r.name());
        ArrayNode tags = body.putArray("Tags");
        r.tags().forEach(tags::add);
        if (r.address() != null && !r.address().isEmpty()) {
            body.put("Address", r.address());
        }
        body.put("Port", r.hostPort());
        ObjectNode meta = body.putObject("Meta");
        meta.put(META_MANAGED, "true");
        meta(meta, r, META_ENVIRONMENT, r.environment());
        meta(meta, r, META_NODE, r.node());
        meta(meta, r, META_PORT, Integer.toString(r.port()));
        meta(meta, r, META_PROTO, r.proto());
        meta(meta, r, META_IMAGE, r.image());
        ArrayNode checks = body.putArray("Checks");
        for (CheckSpec spec : r.checks()) {
            checks.add(check(json, r, spec, s));
        }
        ObjectNode alive = checks.addObject();
        alive.put("CheckID", aliveCheckId(r.id()));
        alive.put("Name", ALIVE_NAME);
        alive.put("Notes", "Kept passing by the Atoll kernel that registered this entry");
        alive.put("TTL", GoDuration.format(s.aliveTtl()));
        alive.put("Status", "passing");
        alive.put("DeregisterCriticalServiceAfter", s.deregisterAfter());
        return body;
    }

    private static ObjectNode check(ObjectMapper json, Registration r, CheckSpec spec, Settings s) {
        ObjectNode c = json.createObjectNode();
        String type = spec.type() == null ? "" : spec.type().toLowerCase(Locale.ROOT);
        c.put("CheckID", checkId(r.id(), spec.name()));
        c.put("Name", spec.name());
        switch (type) {
            case "tcp":
                c.put("TCP", tcpTarget(r, spec.target()));
                break;
            case "http":
                c.put("HTTP", spec.target());
                c.put("DisableRedirects", true);
                break;
            default:
                throw new ProviderException("check '" + spec.name() + "' of " + r.id() + " has type '" + spec.type()
                        + "'; consul runs tcp and http checks", false);
        }
        c.put("Interval", GoDuration.format(positive(spec.interval(), s.checkInterval())));
        c.put("Timeout", GoDuration.format(positive(spec.timeout(), s.checkTimeout())));
        c.put("DeregisterCriticalServiceAfter", s.deregisterAfter());
        return c;
    }

    /** The kernel sends {@code ADDRESS:PORT}; a bare port is taken to mean the registration's own address. */
    private static String tcpTarget(Registration r, String target) {
        if (target != null && target.matches("\\d{1,5}") && r.address() != null) {
            return Paths.host(r.address()) + ":" + target;
        }
        return target;
    }

    private static Duration positive(Duration d, Duration fallback) {
        return d == null || d.isZero() || d.isNegative() ? fallback : d;
    }

    private static void meta(ObjectNode meta, Registration r, String key, String value) {
        String v = value == null ? "" : value;
        if (v.length() > META_VALUE_MAX) {
            throw new ProviderException(key + " of " + r.id() + " is " + v.length()
                    + " characters long; consul allows " + META_VALUE_MAX + " in a Meta value", false);
        }
        meta.put(key, v);
    }
}
