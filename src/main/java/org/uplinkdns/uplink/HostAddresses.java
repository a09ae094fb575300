package org.uplinkdns.uplink;

import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The addresses configured on this host right now. */
public final class HostAddresses {
    private HostAddresses() {}

    public static Set<InetAddress> current() {
        Set<InetAddress> result = new HashSet<>();
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                result.addAll(Collections.list(nif.getInetAddresses()));
            }
        } catch (SocketException e) {
            // No interface list: report nothing present, which only produces warnings.
        }
        result.removeIf(a -> a.getAddress().length == 16 && a.isLinkLocalAddress());
        return result;
    }

    /** True when {@code address} is on this host (every 127/8 address counts on Linux's loopback). */
    public static boolean isLocal(InetAddress address, Set<InetAddress> current) {
        return current.contains(address) || (address.isLoopbackAddress() && address.getAddress().length == 4);
    }

    /**
     * The current addresses of interface {@code name}, IPv4 first, link-local IPv6 left out; empty
     * when the interface does not exist or has none.
     */
    public static List<InetAddress> ofInterface(String name) {
        try {
            NetworkInterface nif = NetworkInterface.getByName(name);
            if (nif == null) {
                return List.of();
            }
            return Collections.list(nif.getInetAddresses()).stream()
                    .filter(a -> !(a.getAddress().length == 16 && a.isLinkLocalAddress()))
                    .sorted((a, b) -> Integer.compare(a.getAddress().length, b.getAddress().length))
                    .toList();
        } catch (SocketException e) {
            return List.of();
        }
    }

    /** The name of the interface that holds {@code address} now, if any. */
    public static java.util.Optional<String> interfaceOf(InetAddress address) {
        try {
            NetworkInterface nif = NetworkInterface.getByInetAddress(address);
            return nif == null ? java.util.Optional.empty() : java.util.Optional.of(nif.getName());
        } catch (SocketException e) {
            return java.util.Optional.empty();
        }
    }

    /**
     * True when interface {@code name} exists now; for an IPv4 label ({@code eth0:1}) when its
     * device does (the label itself exists only while an address carries it).
     */
    public static boolean interfaceExists(String name) {
        int colon = name.indexOf(':');
        try {
            return NetworkInterface.getByName(colon < 0 ? name : name.substring(0, colon)) != null;
        } catch (SocketException e) {
            return false;
        }
    }
}
