package org.uplinkdns.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * An address prefix such as {@code 192.0.2.0/24} or {@code 2001:db8::/32}; a bare address is a
 * prefix of its full length. Host bits below the length are ignored.
 */
public record Prefix(InetAddress address, int length) {

    /** Parses {@code text}, or empty when it is not an address with an optional {@code /length}. */
    public static Optional<Prefix> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        int slash = t.indexOf('/');
        Optional<InetAddress> a = Addresses.parseLiteral(slash < 0 ? t : t.substring(0, slash));
        if (a.isEmpty()) {
            return Optional.empty();
        }
        int max = a.get() instanceof Inet4Address ? 32 : 128;
        int length = max;
        if (slash >= 0) {
            try {
                length = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
            if (length < 0 || length > max) {
                return Optional.empty();
            }
        }
        return Optional.of(new Prefix(a.get(), length));
    }

    /** True when {@code a} is of the same family and its first {@link #length} bits match. */
    public boolean contains(InetAddress a) {
        byte[] mine = address.getAddress();
        byte[] theirs = a.getAddress();
        if (mine.length != theirs.length) {
            return false;
        }
        int full = length / 8;
        for (int i = 0; i < full; i++) {
            if (mine[i] != theirs[i]) {
                return false;
            }
        }
        int rest = length % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (mine[full] & mask) == (theirs[full] & mask);
    }

    @Override
    public String toString() {
        return address.getHostAddress() + "/" + length;
    }
}
