package org.uplinkdns.delegation;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.uplinkdns.config.Config;
import org.uplinkdns.config.UplinkConfig;
import org.uplinkdns.uplink.HostAddresses;
import org.uplinkdns.uplink.Uplink;
import org.uplinkdns.uplink.UplinkTable;

/**
 * The uplink table {@code plan} and {@code check} work from: fixed addresses as configured, an
 * interface's addresses as the host has them now, every uplink counted up (neither command knows
 * the running server's health, and the parent's records must not depend on it).
 */
public final class CurrentUplinks {
    private CurrentUplinks() {}

    public static UplinkTable of(Config config) {
        UplinkTable table = UplinkTable.fromConfig(config);
        List<Uplink> result = new ArrayList<>();
        for (Uplink u : table.uplinks()) {
            UplinkConfig c = config.uplink(u.name()).orElseThrow();
            List<InetAddress> addresses = c.interfaceName().map(HostAddresses::ofInterface).orElse(u.addresses());
            result.add(u.withAddresses(addresses));
        }
        return new UplinkTable(result);
    }
}
