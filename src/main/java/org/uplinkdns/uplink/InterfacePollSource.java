package org.uplinkdns.uplink;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.uplinkdns.config.Addresses;

/**
 * The netlink-free fallback: {@code java.net.NetworkInterface}, polled every second. It does not
 * report IPv6 address flags, so where {@code /proc/net/if_inet6} is readable the flags are taken
 * from there (tentative, deprecated, temporary, DAD failed); without it every IPv6 address counts
 * as usable. IPv4 secondary addresses cannot be told from primary ones here.
 */
public final class InterfacePollSource implements AddressSource {
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(1);
    private static final Path IF_INET6 = Path.of("/proc/net/if_inet6");

    private final Path ifInet6;

    public InterfacePollSource() {
        this(IF_INET6);
    }

    InterfacePollSource(Path ifInet6) {
        this.ifInet6 = ifInet6;
    }

    @Override
    public List<HostAddress> read() throws IOException {
        Map<String, Set<HostAddress.Flag>> v6Flags = readIfInet6();
        List<HostAddress> result = new ArrayList<>();
        Enumeration<NetworkInterface> all = NetworkInterface.getNetworkInterfaces();
        if (all == null) {
            return result;
        }
        for (NetworkInterface nif : Collections.list(all)) {
            Set<InetAddress> seen = new HashSet<>();
            for (NetworkInterface sub : Collections.list(nif.getSubInterfaces())) {
                for (InterfaceAddress ia : sub.getInterfaceAddresses()) {
                    add(result, seen, nif.getName(), sub.getName(), ia, v6Flags);
                }
            }
            for (InterfaceAddress ia : nif.getInterfaceAddresses()) {
                add(result, seen, nif.getName(), nif.getName(), ia, v6Flags);
            }
        }
        return result;
    }

    private static void add(List<HostAddress> result, Set<InetAddress> seen, String device, String label,
            InterfaceAddress ia, Map<String, Set<HostAddress.Flag>> v6Flags) throws IOException {
        InetAddress raw = ia.getAddress();
        // NetworkInterface attaches the interface as scope to every IPv6 address; answers and binds need none.
        InetAddress a = InetAddress.getByAddress(raw.getAddress());
        if (!seen.add(a)) {
            return;
        }
        HostAddress.Scope scope = a.isLoopbackAddress() ? HostAddress.Scope.HOST
                : a.isLinkLocalAddress() ? HostAddress.Scope.LINK
                : a.isSiteLocalAddress() && a instanceof Inet6Address ? HostAddress.Scope.SITE
                : HostAddress.Scope.GLOBAL;
        Set<HostAddress.Flag> flags = a instanceof Inet6Address
                ? v6Flags.getOrDefault(key(a, device), Set.of()) : Set.of();
        result.add(new HostAddress(device, label, a, ia.getNetworkPrefixLength(), scope, flags));
    }

    private static String key(InetAddress a, String device) {
        return Addresses.text(a) + "%" + device;
    }

    /**
     * Flags of every IPv6 address from {@code /proc/net/if_inet6}; lines are
     * {@code address-hex ifindex prefixlen scope flags device}, the flags being {@code IFA_F_*}.
     */
    private Map<String, Set<HostAddress.Flag>> readIfInet6() {
        Map<String, Set<HostAddress.Flag>> result = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(ifInet6, StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException e) {
            return result;
        }
        for (String line : lines) {
            parseIfInet6(line, result);
        }
        return result;
    }

    static void parseIfInet6(String line, Map<String, Set<HostAddress.Flag>> into) {
        String[] f = line.trim().split("\\s+");
        if (f.length < 6 || f[0].length() != 32) {
            return;
        }
        try {
            byte[] bytes = new byte[16];
            for (int i = 0; i < 16; i++) {
                bytes[i] = (byte) Integer.parseInt(f[0].substring(2 * i, 2 * i + 2), 16);
            }
            int ifaFlags = Integer.parseInt(f[4], 16);
            Set<HostAddress.Flag> flags = EnumSet.noneOf(HostAddress.Flag.class);
            if ((ifaFlags & 0x01) != 0) {
                flags.add(HostAddress.Flag.TEMPORARY);
            }
            if ((ifaFlags & 0x04) != 0) {
                flags.add(HostAddress.Flag.OPTIMISTIC);
            }
            if ((ifaFlags & 0x08) != 0) {
                flags.add(HostAddress.Flag.DADFAILED);
            }
            if ((ifaFlags & 0x20) != 0) {
                flags.add(HostAddress.Flag.DEPRECATED);
            }
            if ((ifaFlags & 0x40) != 0) {
                flags.add(HostAddress.Flag.TENTATIVE);
            }
            into.put(key(InetAddress.getByAddress(bytes), f[5]), flags);
        } catch (IOException | NumberFormatException e) {
            // A line we do not understand: that address keeps no flags.
        }
    }

    @Override
    public boolean watch(Runnable onEvent) {
        return false;
    }

    @Override
    public Duration rereadInterval() {
        return POLL_INTERVAL;
    }

    @Override
    public String describe() {
        return "poll (java.net.NetworkInterface every " + POLL_INTERVAL.toSeconds() + " s)";
    }

    @Override
    public void close() {}
}
