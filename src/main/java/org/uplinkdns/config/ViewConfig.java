package org.uplinkdns.config;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * A client-prefix view, as BIND's {@code match-clients} and {@code match-destinations}: a query
 * sees this view when its client address is inside one of {@code clients} and the address it
 * was sent to is one of {@code destinations} or belongs to one of {@code destinationUplinks}.
 * An empty {@code clients} list matches every client; empty destinations match every listener.
 * Views are tried in config order, first match wins; a query no view matches sees the view of
 * its listener (the uplink's, or {@code internal}).
 *
 * @param name the view's name, also the key of its replacement files under {@code zones[].views}
 */
public record ViewConfig(
        String name,
        List<Prefix> clients,
        List<Prefix> destinations,
        Set<String> destinationUplinks,
        int line) {

    public ViewConfig {
        clients = List.copyOf(clients);
        destinations = List.copyOf(destinations);
        destinationUplinks = Set.copyOf(destinationUplinks);
    }

    /** True when a query arriving on {@code local}, which belongs to uplink {@code uplink} (null: none), may see this view. */
    public boolean matchesDestination(InetAddress local, String uplink) {
        if (destinations.isEmpty() && destinationUplinks.isEmpty()) {
            return true;
        }
        if (uplink != null && destinationUplinks.contains(uplink)) {
            return true;
        }
        for (Prefix p : destinations) {
            if (p.contains(local)) {
                return true;
            }
        }
        return false;
    }
}
