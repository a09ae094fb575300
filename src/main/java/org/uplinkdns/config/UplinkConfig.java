package org.uplinkdns.config;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Optional;

/**
 * One Internet link. Exactly one of {@code address} and {@code interfaceName} is set: a fixed local
 * address that receives the link's queries, or the interface whose current addresses do.
 *
 * @param publicV4 address handed out in A answers instead of the local one (the gateway sits behind NAT)
 * @param publicV6 likewise for AAAA answers
 */
public record UplinkConfig(
        String name,
        Optional<InetAddress> address,
        Optional<String> interfaceName,
        Optional<Inet4Address> publicV4,
        Optional<Inet6Address> publicV6,
        int line) {}
