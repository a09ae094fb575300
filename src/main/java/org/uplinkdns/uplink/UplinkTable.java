package org.uplinkdns.uplink;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.uplinkdns.config.Config;
import org.uplinkdns.config.UplinkConfig;

/** Every uplink's current addresses and health, in config order. Immutable; changes publish a new table. */
public record UplinkTable(List<Uplink> uplinks) {

    public UplinkTable {
        uplinks = List.copyOf(uplinks);
    }

    /**
     * The table a config describes before anything is known: fixed addresses, no address yet for
     * an uplink configured by interface (see {@link AddressTracker}), every uplink up (fail open).
     */
    public static UplinkTable fromConfig(Config config) {
        return fromConfig(config.uplinks());
    }

    public static UplinkTable fromConfig(List<UplinkConfig> uplinks) {
        List<Uplink> list = new ArrayList<>();
        int number = 1;
        for (UplinkConfig u : uplinks) {
            List<InetAddress> addresses = u.address().map(List::of).orElse(List.of());
            list.add(new Uplink(u.name(), number++, addresses, u.publicV4(), u.publicV6(), Health.UP));
        }
        return new UplinkTable(list);
    }

    public Optional<Uplink> byName(String name) {
        return uplinks.stream().filter(u -> u.name().equals(name)).findFirst();
    }

    /** The uplink whose addresses include {@code local}, if any. */
    public Optional<Uplink> byLocalAddress(InetAddress local) {
        return uplinks.stream().filter(u -> u.addresses().contains(local)).findFirst();
    }

    /**
     * This table with the health of the uplinks of the same name in {@code previous}: address
     * changes and reloads must not reset failover state. Uplinks new to {@code previous} keep theirs.
     */
    public UplinkTable withHealthOf(UplinkTable previous) {
        List<Uplink> result = new ArrayList<>();
        for (Uplink u : uplinks) {
            result.add(previous.byName(u.name()).map(p -> u.withHealth(p.health())).orElse(u));
        }
        return new UplinkTable(result);
    }

    /**
     * The uplinks answers that list several uplinks should name: those in rotation, or every one
     * of them when none is (fail open: never an empty answer).
     */
    public List<Uplink> inRotation() {
        List<Uplink> up = uplinks.stream().filter(u -> u.health().inRotation()).toList();
        return up.isEmpty() ? uplinks : up;
    }
}
