package org.atoll.plugin.nginx.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * A checked address: only characters of an IP literal or a DNS name, lower case.
 *
 * @param text the address as nginx is given it, without brackets
 * @param kind what it is
 */
record Address(String text, Kind kind) {

    enum Kind {
        IPV4, IPV6, NAME
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    String withPort(int port) {
        return (kind == Kind.IPV6 ? "[" + text + "]" : text) + ":" + port;
    }

    /** One spelling per address, so that {@code ::1} and {@code 0::1} are one listener. */
    String canonical() {
        if (kind != Kind.IPV6) {
            return text;
        }
        try {
            return InetAddress.getByName(text).getHostAddress(); // a checked literal: nothing is resolved
        } catch (UnknownHostException e) {
            return text;
        }
    }

    /** 0.0.0.0 or ::, which overlap the all-addresses listener of the same port. */
    boolean wildcard() {
        return kind != Kind.NAME && (text.equals("0.0.0.0") || canonical().equals("0:0:0:0:0:0:0:0"));
    }
}
