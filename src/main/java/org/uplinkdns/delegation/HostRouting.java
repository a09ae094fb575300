package org.uplinkdns.delegation;

import java.net.InetAddress;
import java.util.Optional;

/**
 * What this host's routing says about the uplinks: which interface holds an address, the
 * default route of an interface, and the policy rules. Read through {@code ip} on the gateway
 * ({@link IpRouting}); tests give fixed answers.
 */
public interface HostRouting {

    /** The interface that holds {@code local} now. */
    Optional<String> interfaceOf(InetAddress local);

    /** The next hop of a default route out of {@code iface} in any table, if there is one. */
    Optional<InetAddress> defaultGateway(String iface, boolean v6);

    /** The output of {@code ip rule show} ({@code ip -6 rule show} for v6); empty when it cannot be read. */
    Optional<String> rules(boolean v6);

    /** True when {@code local} is an address of this host. */
    boolean isLocal(InetAddress local);

    /** Knows nothing: plan prints placeholders, check skips the routing checks. */
    HostRouting UNKNOWN = new HostRouting() {
        @Override
        public Optional<String> interfaceOf(InetAddress local) {
            return Optional.empty();
        }

        @Override
        public Optional<InetAddress> defaultGateway(String iface, boolean v6) {
            return Optional.empty();
        }

        @Override
        public Optional<String> rules(boolean v6) {
            return Optional.empty();
        }

        @Override
        public boolean isLocal(InetAddress local) {
            return false;
        }
    };
}
