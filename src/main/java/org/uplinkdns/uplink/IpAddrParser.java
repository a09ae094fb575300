package org.uplinkdns.uplink;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.uplinkdns.config.Addresses;

/**
 * Reads the one-line-per-address output of iproute2: {@code ip -o addr show} and
 * {@code ip -o monitor address}. A line looks like
 *
 * <pre>
 * 3: eth1    inet 198.51.100.10/24 brd 198.51.100.255 scope global secondary eth1:1\       valid_lft forever preferred_lft forever
 * 3: eth1    inet6 2001:db8:1::10/64 scope global deprecated \       valid_lft 86000sec preferred_lft 0sec
 * Deleted 3: eth1    inet 198.51.100.10/24 scope global eth1\       valid_lft forever preferred_lft forever
 * 5: ppp0    inet 203.0.113.7 peer 203.0.113.1/32 scope global ppp0\       valid_lft forever preferred_lft forever
 * </pre>
 *
 * ({@code -o} turns the line break before the lifetimes into a backslash). Words this parser does
 * not know are skipped, so newer iproute2 keywords do not break it.
 */
public final class IpAddrParser {
    /** Keywords followed by one value that this parser skips. */
    private static final Set<String> KEY_VALUE = Set.of("brd", "any", "broadcast", "anycast", "metric", "proto", "label");

    private IpAddrParser() {}

    /** Every address in the output of {@code ip -o addr show}; lines that are not addresses are skipped. */
    public static List<HostAddress> parseAll(String output) {
        List<HostAddress> result = new ArrayList<>();
        for (String line : output.split("\n")) {
            parseLine(line).filter(e -> !e.deleted()).ifPresent(e -> result.add(e.address()));
        }
        return result;
    }

    /** One line of {@code ip -o addr show} or {@code ip -o monitor address}; empty when it is no address line. */
    public static Optional<AddressEvent> parseLine(String line) {
        String s = line.strip();
        boolean deleted = false;
        while (true) {
            if (s.startsWith("Deleted ")) {
                deleted = true;
                s = s.substring("Deleted ".length()).strip();
            } else if (s.startsWith("[") && s.indexOf(']') > 0) {
                s = s.substring(s.indexOf(']') + 1).strip(); // [ADDR], [nsid 0] prefixes of other monitor modes
            } else {
                break;
            }
        }
        int backslash = s.indexOf('\\');
        String main = backslash < 0 ? s : s.substring(0, backslash);
        String lifetimes = backslash < 0 ? "" : s.substring(backslash + 1);
        String[] t = main.trim().split("\\s+");
        if (t.length < 4 || !t[0].matches("\\d+:") || !(t[2].equals("inet") || t[2].equals("inet6"))) {
            return Optional.empty();
        }
        String device = t[1];
        if (device.endsWith(":")) {
            device = device.substring(0, device.length() - 1);
        }
        int at = device.indexOf('@');
        if (at > 0) {
            device = device.substring(0, at);
        }
        boolean v4 = t[2].equals("inet");
        String[] addressAndLength = t[3].split("/", 2);
        Optional<InetAddress> address = Addresses.parseLiteral(addressAndLength[0]);
        if (address.isEmpty() || (address.get().getAddress().length == 4) != v4) {
            return Optional.empty();
        }
        int length = v4 ? 32 : 128;
        if (addressAndLength.length == 2) {
            length = parseLength(addressAndLength[1], length);
        }
        HostAddress.Scope scope = HostAddress.Scope.GLOBAL;
        Set<HostAddress.Flag> flags = EnumSet.noneOf(HostAddress.Flag.class);
        String label = device;
        for (int i = 4; i < t.length; i++) {
            String word = t[i];
            if (word.equals("peer") && i + 1 < t.length) {
                // A point-to-point address: the length belongs to the peer, ours is the host alone.
                i++;
                continue;
            }
            if (word.equals("scope") && i + 1 < t.length) {
                scope = HostAddress.Scope.parse(t[++i]);
                continue;
            }
            if (KEY_VALUE.contains(word) && i + 1 < t.length) {
                i++;
                continue;
            }
            HostAddress.Flag flag = HostAddress.Flag.parse(word);
            if (flag != null) {
                flags.add(flag);
            } else if (v4 && i == t.length - 1) {
                label = word; // IPv4 lines end with the address label
            }
        }
        if (lifetimes.matches(".*\\bpreferred_lft 0sec\\b.*")) {
            flags.add(HostAddress.Flag.DEPRECATED);
        }
        return Optional.of(new AddressEvent(deleted, new HostAddress(device, label, address.get(), length, scope, flags)));
    }

    /** The prefix length, or {@code max} (the host alone) when the text is not one. */
    private static int parseLength(String text, int max) {
        if (!text.matches("\\d{1,3}")) {
            return max;
        }
        return Math.min(max, Integer.parseInt(text));
    }
}
