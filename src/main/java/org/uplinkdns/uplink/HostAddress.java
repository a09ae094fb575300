package org.uplinkdns.uplink;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.Set;

/**
 * One address configured on one of the host's interfaces, with the kernel's view of it.
 *
 * @param device the interface ({@code eth1}, {@code ppp0})
 * @param label the IPv4 address label ({@code eth1:1}); the device name when there is none
 * @param prefixLength the on-link prefix length (32 or 128 for a point-to-point peer address)
 * @param flags the kernel's address flags ({@code IFA_F_*}); empty when the source cannot tell
 */
public record HostAddress(String device, String label, InetAddress address, int prefixLength, Scope scope, Set<Flag> flags) {

    /** The kernel's address scope ({@code ip addr} prints it as {@code scope global} etc.). */
    public enum Scope {
        GLOBAL, SITE, LINK, HOST, NOWHERE;

        static Scope parse(String word) {
            return switch (word) {
                case "global", "universe", "0" -> GLOBAL;
                case "site", "200" -> SITE;
                case "link", "253" -> LINK;
                case "host", "254" -> HOST;
                default -> NOWHERE;
            };
        }
    }

    /** The address flags uplinkdns cares about, as {@code ip addr} prints them. */
    public enum Flag {
        /** A secondary IPv4 address: another address of the same prefix came first. */
        SECONDARY,
        /** An RFC 8981 privacy address: for outgoing connections only. */
        TEMPORARY,
        /** Duplicate address detection has not finished: the address cannot be used yet. */
        TENTATIVE,
        /** Duplicate address detection found another host with it. */
        DADFAILED,
        /** Its preferred lifetime ended (renumbering): existing sessions only. */
        DEPRECATED,
        /** RFC 4429 optimistic DAD: usable while the check runs. */
        OPTIMISTIC;

        static Flag parse(String word) {
            return switch (word) {
                case "secondary" -> SECONDARY;
                case "temporary" -> TEMPORARY;
                case "tentative" -> TENTATIVE;
                case "dadfailed" -> DADFAILED;
                case "deprecated" -> DEPRECATED;
                case "optimistic" -> OPTIMISTIC;
                default -> null;
            };
        }
    }

    public HostAddress {
        flags = flags.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(flags));
    }

    /**
     * May uplinkdns listen on it for an uplink? Global scope only (the kernel gives 127/8 and ::1
     * host scope), never a link-local address (169.254/16 has global scope in the kernel's eyes),
     * and none that cannot receive (tentative, DAD failed) or that is meant for outgoing traffic
     * only (temporary privacy addresses). A deprecated address may: sessions and resolvers that
     * still use it during renumbering keep being answered.
     */
    public boolean listenable() {
        return scope == Scope.GLOBAL
                && !address.isLinkLocalAddress()
                && !address.isMulticastAddress()
                && !address.isAnyLocalAddress()
                && !flags.contains(Flag.TENTATIVE)
                && !flags.contains(Flag.DADFAILED)
                && !flags.contains(Flag.TEMPORARY);
    }

    /** May it be handed out in answers? Listenable and not deprecated. */
    public boolean handOutable() {
        return listenable() && !flags.contains(Flag.DEPRECATED);
    }

    public boolean isIpv4() {
        return address instanceof Inet4Address;
    }
}
