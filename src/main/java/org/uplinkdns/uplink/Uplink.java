package org.uplinkdns.uplink;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One uplink as it is now.
 *
 * @param number 1-based position in the config (names {@code mail-gw-N}, {@code www-nsN})
 * @param addresses the local addresses that currently receive this uplink's queries, preferred first
 * @param deprecated those of {@code addresses} that keep their listener but are never handed out
 *     (IPv6 addresses whose preferred lifetime ended: the uplink is being renumbered)
 */
public record Uplink(
        String name,
        int number,
        List<InetAddress> addresses,
        Optional<Inet4Address> publicV4,
        Optional<Inet6Address> publicV6,
        Health health,
        Set<InetAddress> deprecated) {

    public Uplink {
        addresses = List.copyOf(addresses);
        deprecated = Set.copyOf(deprecated);
    }

    /** An uplink whose every address may be handed out. */
    public Uplink(String name, int number, List<InetAddress> addresses, Optional<Inet4Address> publicV4,
            Optional<Inet6Address> publicV6, Health health) {
        this(name, number, addresses, publicV4, publicV6, health, Set.of());
    }

    /** The IPv4 address handed out for this uplink: the public one, else the preferred local one. */
    public Optional<Inet4Address> answerV4() {
        if (publicV4.isPresent()) {
            return publicV4;
        }
        return addresses.stream().filter(a -> a instanceof Inet4Address && !deprecated.contains(a))
                .map(a -> (Inet4Address) a).findFirst();
    }

    /** The IPv6 address handed out for this uplink: the public one, else the preferred local one. */
    public Optional<Inet6Address> answerV6() {
        if (publicV6.isPresent()) {
            return publicV6;
        }
        return addresses.stream().filter(a -> a instanceof Inet6Address && !deprecated.contains(a))
                .map(a -> (Inet6Address) a).findFirst();
    }

    /**
     * The address handed out in an A ({@code v6} false) or AAAA ({@code v6} true) answer to a
     * query that arrived on {@code local}: the configured public address of that family when
     * there is one (NAT); else {@code local} itself when it is of that family, since the client
     * just reached it; else this uplink's preferred address of that family. A deprecated
     * {@code local} still answers, but with the preferred address.
     */
    public Optional<? extends InetAddress> answerFor(InetAddress local, boolean v6) {
        if (v6) {
            if (publicV6.isEmpty() && local instanceof Inet6Address l6 && !deprecated.contains(l6)) {
                return Optional.of(l6);
            }
            return answerV6();
        }
        if (publicV4.isEmpty() && local instanceof Inet4Address l4 && !deprecated.contains(l4)) {
            return Optional.of(l4);
        }
        return answerV4();
    }

    public Uplink withHealth(Health h) {
        return new Uplink(name, number, addresses, publicV4, publicV6, h, deprecated);
    }

    /** The same uplink with every address in {@code a} handed out. */
    public Uplink withAddresses(List<InetAddress> a) {
        return new Uplink(name, number, a, publicV4, publicV6, health, Set.of());
    }

    /** The same uplink listening on {@code a}, of which {@code notHandedOut} are deprecated. */
    public Uplink withAddresses(List<InetAddress> a, Set<InetAddress> notHandedOut) {
        return new Uplink(name, number, a, publicV4, publicV6, health, notHandedOut);
    }
}
