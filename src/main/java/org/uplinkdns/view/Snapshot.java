package org.uplinkdns.view;

import java.net.InetAddress;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.uplinkdns.config.Config;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.zone.ZoneSet;

/**
 * Everything a query reads, complete and immutable: the views of every listener address, and the
 * inputs it was built from (config, zones, uplinks) so the next snapshot can change just one.
 *
 * @param listeners for each listener address, the views its queries choose from
 * @param unlisted the choice for an address no longer listed (it went away while a query was in flight)
 */
public record Snapshot(
        Config config,
        ZoneSet zoneSet,
        UplinkTable uplinks,
        Map<InetAddress, ListenerViews> listeners,
        ListenerViews unlisted,
        Instant built) {

    public Snapshot {
        listeners = Map.copyOf(listeners);
    }

    /**
     * The view for a query that arrived on {@code local} from {@code client}: the first
     * client-prefix view configured for that listener whose prefixes hold the client, else the
     * listener's own view. One map lookup and a short list walk; nothing is computed here.
     */
    public View viewFor(InetAddress local, InetAddress client) {
        ListenerViews l = listeners.get(local);
        return (l != null ? l : unlisted).choose(client);
    }

    /** Every address that should have a listener now. */
    public Set<InetAddress> listenerAddresses() {
        return listeners.keySet();
    }

    /** Each listener's own view (its uplink's, or {@code internal}), before client prefixes. */
    public Map<InetAddress, View> viewsByAddress() {
        Map<InetAddress, View> result = new HashMap<>();
        listeners.forEach((a, l) -> result.put(a, l.fallback()));
        return Map.copyOf(result);
    }

    /** The view of non-uplink listeners for clients no client-prefix view takes. */
    public View internal() {
        return unlisted.fallback();
    }
}
