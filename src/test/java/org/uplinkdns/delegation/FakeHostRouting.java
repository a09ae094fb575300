package org.uplinkdns.delegation;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Routing facts given by a test instead of read from {@code ip}. */
record FakeHostRouting(Map<InetAddress, String> interfaces, Map<String, InetAddress> nextHops, String rules,
        Set<InetAddress> local) implements HostRouting {

    @Override
    public Optional<String> interfaceOf(InetAddress address) {
        return Optional.ofNullable(interfaces.get(address));
    }

    @Override
    public Optional<InetAddress> defaultGateway(String iface, boolean v6) {
        return Optional.ofNullable(nextHops.get(iface));
    }

    @Override
    public Optional<String> rules(boolean v6) {
        return Optional.ofNullable(rules);
    }

    @Override
    public boolean isLocal(InetAddress address) {
        return local.contains(address);
    }
}
