package org.uplinkdns.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.Optional;

/**
 * An address prefix such as {@code 192.0.2.0/25} or {@code 2001:db8::/32}; a bare address is a
 * prefix of full length. Immutable; {@link #contains(byte[])} allocates nothing, so it suits the
 * query path.
 */
public final class Prefix {
    private final byte[] network;
    private final int length;

    private Prefix(byte[] network, int length) {
        this.network = network;
        this.length = length;
    }

    /** The prefix {@code address/length}; host bits of {@code address} are cleared. */
    public static Prefix of(InetAddress address, int length) {
        byte[] bytes = address.getAddress();
        if (length < 0 || length > bytes.length * 8) {
            throw new IllegalArgumentException("prefix length " + length + " out of range for " + address);
        }
        return new Prefix(mask(bytes, length), length);
    }

    /** Exactly one address. */
    public static Prefix of(InetAddress address) {
        return of(address, address.getAddress().length * 8);
    }

    /**
     * Parses {@code address} or {@code address/length}. Empty when the text is not one of those, or
     * when the address has bits set past the length (a typo more often than not).
     */
    public static Optional<Prefix> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        int slash = t.indexOf('/');
        Optional<InetAddress> address = Addresses.parseLiteral(slash < 0 ? t : t.substring(0, slash));
        if (address.isEmpty() || (slash >= 0 && (t.substring(0, slash).indexOf(':') >= 0) != (address.get().getAddress().length == 16))) {
            // An IPv4-mapped IPv6 literal comes back as an IPv4 address: its length would mean something else.
            return Optional.empty();
        }
        int bits = address.get().getAddress().length * 8;
        int length = bits;
        if (slash >= 0) {
            String digits = t.substring(slash + 1);
            if (!digits.matches("\\d{1,3}")) {
                return Optional.empty();
            }
            length = Integer.parseInt(digits);
            if (length > bits) {
                return Optional.empty();
            }
        }
        byte[] bytes = address.get().getAddress();
        if (!Arrays.equals(bytes, mask(bytes, length))) {
            return Optional.empty();
        }
        return Optional.of(new Prefix(bytes, length));
    }

    private static byte[] mask(byte[] bytes, int length) {
        byte[] result = bytes.clone();
        for (int i = 0; i < result.length; i++) {
            int keep = Math.max(0, Math.min(8, length - i * 8));
            result[i] &= (byte) (0xff << (8 - keep));
        }
        return result;
    }

    public boolean contains(InetAddress address) {
        return contains(address.getAddress());
    }

    /** As {@link #contains(InetAddress)} for the address's bytes, so a caller testing several prefixes copies them once. */
    public boolean contains(byte[] a) {
        if (a.length != network.length) {
            return false;
        }
        int full = length / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = length % 8;
        if (rest == 0) {
            return true;
        }
        int m = 0xff << (8 - rest);
        return (a[full] & m) == (network[full] & m);
    }

    public boolean isIpv4() {
        return network.length == 4;
    }

    public int length() {
        return length;
    }

    public InetAddress network() {
        try {
            return InetAddress.getByAddress(network);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Prefix p && p.length == length && Arrays.equals(p.network, network);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(network) * 31 + length;
    }

    @Override
    public String toString() {
        InetAddress n = network();
        String text = n instanceof Inet4Address ? n.getHostAddress() : Addresses.text(n);
        return text + "/" + length;
    }
}
