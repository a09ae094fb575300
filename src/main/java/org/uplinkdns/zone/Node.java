package org.uplinkdns.zone;

import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/**
 * The data at one owner name. A node with no RRsets is an empty non-terminal: the name exists
 * (NODATA, not NXDOMAIN) because names exist below it.
 *
 * <p>The RRsets sit in a small array searched by type: a name holds a handful of types, and a
 * hash map per name would double the memory of a large zone (it must fit twice in the heap
 * while a reload builds the next copy).
 */
public final class Node {
    private static final RRset[] NONE = new RRset[0];

    private final Name name;
    private final int[] types;
    private final RRset[] rrsets;
    private final boolean delegation;

    Node(Name name, Map<Integer, RRset> rrsets, boolean apex) {
        this.name = name;
        this.rrsets = rrsets.isEmpty() ? NONE : rrsets.values().toArray(NONE);
        this.types = rrsets.keySet().stream().mapToInt(Integer::intValue).toArray();
        this.delegation = !apex && rrsets.containsKey(Type.NS);
    }

    public Name name() {
        return name;
    }

    /** The RRset of {@code type}, or null. */
    public RRset get(int type) {
        for (int i = 0; i < types.length; i++) {
            if (types[i] == type) {
                return rrsets[i];
            }
        }
        return null;
    }

    /** Every RRset, in the order of the zone file. */
    public Collection<RRset> all() {
        return List.of(rrsets);
    }

    public boolean isEmpty() {
        return rrsets.length == 0;
    }

    /** True where an NS RRset below the apex cuts off a child zone. */
    public boolean isDelegation() {
        return delegation;
    }

    /** The RRsets by type, in order: for building a changed copy. */
    Map<Integer, RRset> rrsetMap() {
        Map<Integer, RRset> map = new LinkedHashMap<>();
        for (int i = 0; i < types.length; i++) {
            map.put(types[i], rrsets[i]);
        }
        return map;
    }

    @Override
    public String toString() {
        return name + " " + Arrays.toString(types);
    }
}
