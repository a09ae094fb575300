package org.uplinkdns.health;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The uplink a probe runs for, as it is at the start of the round.
 *
 * @param interfaceName the configured interface of an uplink given by interface
 * @param addresses the uplink's current local addresses, preferred first; probes bind to them
 */
public record ProbeContext(String uplink, Optional<String> interfaceName, List<InetAddress> addresses) {

    public ProbeContext {
        addresses = List.copyOf(addresses);
    }

    /** The address a probe to {@code target} binds to: the uplink's first address of the same family. */
    public Optional<InetAddress> sourceFor(InetAddress target) {
        boolean v4 = target instanceof Inet4Address;
        return addresses.stream().filter(a -> (a instanceof Inet4Address) == v4).findFirst();
    }

    /** The address given to commands as {@code UPLINK_ADDRESS}: the first IPv4 one, else the first. */
    public Optional<InetAddress> preferredAddress() {
        return addresses.stream().filter(a -> a instanceof Inet4Address).findFirst()
                .or(() -> addresses.stream().findFirst());
    }
}
