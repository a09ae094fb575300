package org.uplinkdns.view;

import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.uplinkdns.config.Config;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.zone.ZoneSet;

/**
 * Everything a query reads, complete and immutable: the view of every listener address, and the
 * inputs it was built from (config, zones, uplinks) so the next snapshot can change just one.
 */
public record Snapshot(
        Config config,
        ZoneSet zoneSet,
        UplinkTable uplinks,
        Map<InetAddress, View> viewsByAddress,
        View internal,
        Instant built) {

    public Snapshot {
        viewsByAddress = Map.copyOf(viewsByAddress);
    }

    /**
     * The view for a query that arrived on {@code local}. An address no longer listed (it just
     * went away while the query was in flight) gets the internal view.
     */
    public View viewFor(InetAddress local, InetAddress client) {
        View v = viewsByAddress.get(local);
        return v != null ? v : internal;
    }

    /** Every address that should have a listener now. */
    public Set<InetAddress> listenerAddresses() {
        return viewsByAddress.keySet();
    }
}
