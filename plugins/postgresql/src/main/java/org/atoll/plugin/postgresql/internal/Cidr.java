package org.atoll.plugin.postgresql.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An address range as pg_hba.conf writes it: the network address (host bits cleared, as PostgreSQL compares
 * them anyway) and the prefix length.
 */
record Cidr(InetAddress network, int prefix) {

    private static final Pattern SHAPE = Pattern.compile("([0-9.]{7,15}|[0-9a-fA-F:.]{2,45})/([0-9]{1,3})");

    static Cidr parse(String text) {
        var m = text == null ? null : SHAPE.matcher(text);
        if (m == null || !m.matches()) {
            throw Names.refused("allowed range " + Names.quoted(text) + " is not an address range such as 10.0.0.0/24");
        }
        String address;
        try {
            address = Names.address(m.group(1));
        } catch (RuntimeException e) {
            throw Names.refused("allowed range " + Names.quoted(text) + " does not start with an IP address");
        }
        int prefix = Integer.parseInt(m.group(2));
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(address).getAddress();
        } catch (UnknownHostException e) {
            throw Names.refused("allowed range " + Names.quoted(text) + " does not start with an IP address");
        }
        if (prefix > bytes.length * 8) {
            throw Names.refused("allowed range " + Names.quoted(text) + " has a prefix longer than the address");
        }
        for (int bit = prefix; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return new Cidr(InetAddress.getByAddress(bytes), prefix);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }
}
