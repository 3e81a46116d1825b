package org.atoll.plugin.mysql.internal;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.atoll.spi.ProviderException;

/**
 * An IPv4 range in CIDR notation and the host part of a MariaDB account that admits exactly it:
 * {@code %} for /0, the address for /32, {@code network/netmask} otherwise (MariaDB admits a client
 * when {@code client & netmask == network}). Host bits set in the CIDR are cleared.
 *
 * @param network the network address, host bits clear
 * @param prefix  the prefix length, 0-32
 */
record HostRange(int network, int prefix) {

    private static final Pattern CIDR = Pattern.compile("([0-9.]+)/([0-9]{1,2})");

    static HostRange parse(String cidr) {
        Matcher m = cidr == null ? null : CIDR.matcher(cidr);
        if (m == null || !m.matches()) {
            throw invalid(cidr);
        }
        int prefix = Integer.parseInt(m.group(2));
        if (prefix > 32) {
            throw invalid(cidr);
        }
        InetAddress a;
        try {
            a = Names.address(m.group(1));
        } catch (ProviderException e) {
            throw invalid(cidr);
        }
        if (!(a instanceof Inet4Address)) {
            throw invalid(cidr);
        }
        return new HostRange(toInt(a) & mask(prefix), prefix);
    }

    /** The Host column of the account for this range. */
    String accountHost() {
        if (prefix == 0) {
            return "%";
        }
        if (prefix == 32) {
            return dotted(network);
        }
        return dotted(network) + "/" + dotted(mask(prefix));
    }

    boolean contains(InetAddress a) {
        return a instanceof Inet4Address && (toInt(a) & mask(prefix)) == network;
    }

    @Override
    public String toString() {
        return dotted(network) + "/" + prefix;
    }

    private static int mask(int prefix) {
        return prefix == 0 ? 0 : -1 << (32 - prefix);
    }

    private static int toInt(InetAddress a) {
        byte[] b = a.getAddress();
        return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
    }

    private static String dotted(int v) {
        return (v >>> 24) + "." + (v >>> 16 & 0xff) + "." + (v >>> 8 & 0xff) + "." + (v & 0xff);
    }

    private static ProviderException invalid(String cidr) {
        return new ProviderException("allowed range " + Names.quoted(cidr) + " is not an IPv4 CIDR such as"
                + " 10.0.0.0/24", false);
    }
}
