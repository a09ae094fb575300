package org.uplinkdns.zone;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * The data at one owner name. A node with no RRsets is an empty non-terminal: the name exists
 * (NODATA, not NXDOMAIN) because names exist below it.
 */
public final class Node {
    private final Name name;
    private final Map<Integer, RRset> rrsets;
    private final boolean delegation;

    Node(Name name, Map<Integer, RRset> rrsets, boolean apex) {
        this.name = name;
        this.rrsets = Collections.unmodifiableMap(new LinkedHashMap<>(rrsets));
        this.delegation = !apex && rrsets.containsKey(Type.NS);
    }

    public Name name() {
        return name;
    }

    /** The RRset of {@code type}, or null. */
    public RRset get(int type) {
        return rrsets.get(type);
    }

    public Collection<RRset> all() {
        return rrsets.values();
    }

    public boolean isEmpty() {
        return rrsets.isEmpty();
    }

    /** True where an NS RRset below the apex cuts off a child zone. */
    public boolean isDelegation() {
        return delegation;
    }

    Map<Integer, RRset> rrsetMap() {
        return rrsets;
    }
}
