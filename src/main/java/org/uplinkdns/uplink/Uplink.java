package org.uplinkdns.uplink;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * One uplink as it is now.
 *
 * @param number 1-based position in the config (names {@code mail-gw-N}, {@code www-nsN})
 * @param addresses the local addresses that currently receive this uplink's queries, preferred first
 */
public record Uplink(
        String name,
        int number,
        List<InetAddress> addresses,
        Optional<Inet4Address> publicV4,
        Optional<Inet6Address> publicV6,
        Health health) {

    public Uplink {
        addresses = List.copyOf(addresses);
    }

    /** The IPv4 address handed out for this uplink: the public one, else the preferred local one. */
    public Optional<Inet4Address> answerV4() {
        if (publicV4.isPresent()) {
            return publicV4;
        }
        return addresses.stream().filter(a -> a instanceof Inet4Address).map(a -> (Inet4Address) a).findFirst();
    }

    /** The IPv6 address handed out for this uplink: the public one, else the preferred local one. */
    public Optional<Inet6Address> answerV6() {
        if (publicV6.isPresent()) {
            return publicV6;
        }
        return addresses.stream().filter(a -> a instanceof Inet6Address).map(a -> (Inet6Address) a).findFirst();
    }

    /**
     * The address handed out when a query of family {@code v6} arrives on {@code local}: the
     * receiving address itself when it is of that family and no public address is configured.
     */
    public Optional<? extends InetAddress> answerFor(InetAddress local, boolean v6) {
        if (v6) {
            if (publicV6.isEmpty() && local instanceof Inet6Address l6) {
                return Optional.of(l6);
            }
            return answerV6();
        }
        if (publicV4.isEmpty() && local instanceof Inet4Address l4) {
            return Optional.of(l4);
        }
        return answerV4();
    }

    public Uplink withHealth(Health h) {
        return new Uplink(name, number, addresses, publicV4, publicV6, h);
    }

    public Uplink withAddresses(List<InetAddress> a) {
        return new Uplink(name, number, a, publicV4, publicV6, health);
    }
}
