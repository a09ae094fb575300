package org.uplinkdns.view;

import java.util.Map;
import org.uplinkdns.zone.ZoneData;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * The zones a query sees, chosen by its receiving address and, optionally, its client prefix.
 *
 * @param name the view's name: an uplink name, {@code internal}, or a configured client-prefix view
 */
public record View(String name, Map<Name, ZoneData> zones) {

    public View {
        zones = Map.copyOf(zones);
    }

    /**
     * The most specific zone containing {@code qname}, or null when none does. For DS the zone
     * whose apex is the query name is skipped when its parent is served too: DS lives on the
     * parent side of a cut (RFC 4035 §3.1.4.1).
     */
    public ZoneData zoneFor(Name qname, int qtype) {
        int labels = qname.labels();
        for (int strip = 0; strip < labels; strip++) {
            Name candidate = strip == 0 ? qname : new Name(qname, strip);
            ZoneData zone = zones.get(candidate);
            if (zone != null) {
                if (qtype == Type.DS && strip == 0 && labels > 1) {
                    ZoneData parent = zoneFor(new Name(qname, 1), Type.A);
                    if (parent != null) {
                        return parent;
                    }
                }
                return zone;
            }
        }
        return null;
    }
}
