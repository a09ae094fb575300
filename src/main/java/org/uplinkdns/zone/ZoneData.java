package org.uplinkdns.zone;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Type;

/**
 * One zone, compiled for lookups. Immutable. A view that answers some names differently (self
 * records) gets a copy through {@link #withRRsets} that shares every untouched node.
 */
public final class ZoneData {
    private static final Name WILDCARD_LABEL = Name.fromConstantString("*");

    private final Name origin;
    private final Map<Name, Node> nodes;
    private final Map<Name, Node> overlay;
    private final SOARecord soa;
    private final long serial;
    private final RRset negativeSoa;

    private ZoneData(Name origin, Map<Name, Node> nodes, Map<Name, Node> overlay) {
        this.origin = origin;
        this.nodes = nodes;
        this.overlay = overlay;
        Node apex = node(origin);
        this.soa = (SOARecord) apex.get(Type.SOA).first();
        this.serial = soa.getSerial();
        this.negativeSoa = new RRset(new SOARecord(origin, soa.getDClass(), negativeTtl(), soa.getHost(),
                soa.getAdmin(), soa.getSerial(), soa.getRefresh(), soa.getRetry(), soa.getExpire(), soa.getMinimum()));
    }

    /** Compiles records already checked by {@link ZoneLoader}: all inside {@code origin}, one SOA at the apex. */
    static ZoneData compile(Name origin, List<Record> records) {
        Map<Name, Map<Integer, RRset>> byName = new HashMap<>();
        for (Record r : records) {
            Map<Integer, RRset> sets = byName.computeIfAbsent(r.getName(), n -> new LinkedHashMap<>());
            RRset set = sets.computeIfAbsent(r.getRRsetType(), t -> new RRset());
            set.addRR(r);
        }
        Map<Name, Node> nodes = new HashMap<>(byName.size() * 2);
        for (Map.Entry<Name, Map<Integer, RRset>> e : byName.entrySet()) {
            nodes.put(e.getKey(), new Node(e.getKey(), e.getValue(), e.getKey().equals(origin)));
        }
        addEmptyNonTerminals(origin, nodes, new ArrayList<>(nodes.keySet()));
        return new ZoneData(origin, Map.copyOf(nodes), Map.of());
    }

    private static void addEmptyNonTerminals(Name origin, Map<Name, Node> nodes, List<Name> owners) {
        for (Name owner : owners) {
            int extra = owner.labels() - origin.labels();
            for (int strip = 1; strip < extra; strip++) {
                Name ancestor = new Name(owner, strip);
                if (nodes.containsKey(ancestor)) {
                    break;
                }
                nodes.put(ancestor, new Node(ancestor, Map.of(), false));
            }
        }
    }

    public Name origin() {
        return origin;
    }

    public SOARecord soa() {
        return soa;
    }

    public long serial() {
        return serial;
    }

    /** The apex NS RRset. */
    public RRset apexNs() {
        return node(origin).get(Type.NS);
    }

    /** The negative-caching TTL: min(SOA TTL, SOA MINIMUM) (RFC 2308 §5). */
    public long negativeTtl() {
        return Math.min(soa.getTTL(), soa.getMinimum());
    }

    /** The SOA for the authority section of a negative answer, with the negative TTL (RFC 2308 §3). */
    public RRset negativeSoa() {
        return negativeSoa;
    }

    /** Number of owner names, empty non-terminals included. */
    public int size() {
        return nodes.size() + overlay.size();
    }

    /**
     * Every RRset of the zone, as this copy answers it (replacements applied), owners in canonical
     * order so the apex comes first; what a zone transfer sends.
     */
    public List<RRset> rrsets() {
        Map<Name, Node> merged = new HashMap<>(nodes);
        merged.putAll(overlay);
        List<Name> owners = new ArrayList<>(merged.keySet());
        owners.sort(null);
        List<RRset> result = new ArrayList<>();
        for (Name owner : owners) {
            result.addAll(merged.get(owner).all());
        }
        return result;
    }

    /** The node at exactly {@code name}, ignoring delegations; null when the name does not exist. */
    public Node node(Name name) {
        Node n = overlay.isEmpty() ? null : overlay.get(name);
        return n != null ? n : nodes.get(name);
    }

    /**
     * Finds what the zone holds for {@code qname}, which must be at or below the origin. Walks down
     * from the apex, so a delegation above the name wins over data below the cut (which is glue).
     *
     * @param dsAtCut true for a DS query: at a delegation point the parent's own data answers
     */
    public Match find(Name qname, boolean dsAtCut) {
        int extra = qname.labels() - origin.labels();
        for (int strip = extra - 1; strip >= 0; strip--) {
            Name name = strip == 0 ? qname : new Name(qname, strip);
            Node node = node(name);
            if (node == null) {
                Name encloser = new Name(qname, strip + 1);
                Node wildcard = node(wildcardOf(encloser));
                return wildcard != null
                        ? new Match(Match.Kind.WILDCARD, wildcard, encloser)
                        : new Match(Match.Kind.NXDOMAIN, null, encloser);
            }
            if (node.isDelegation() && !(strip == 0 && dsAtCut)) {
                return new Match(Match.Kind.DELEGATION, node, null);
            }
        }
        return new Match(Match.Kind.EXACT, node(qname), null);
    }

    private static Name wildcardOf(Name encloser) {
        try {
            return Name.concatenate(WILDCARD_LABEL, encloser);
        } catch (org.xbill.DNS.NameTooLongException e) {
            return WILDCARD_LABEL;
        }
    }

    /**
     * A copy in which the node at {@code owner} holds {@code replacement} instead of its RRsets of
     * the types in {@code replacedTypes}. Used for self records; other nodes are shared.
     */
    public ZoneData withRRsets(Name owner, Iterable<Integer> replacedTypes, List<RRset> replacement) {
        Map<Name, Node> newOverlay = new HashMap<>(overlay);
        Node current = node(owner);
        Map<Integer, RRset> sets = new LinkedHashMap<>(current == null ? Map.of() : current.rrsetMap());
        for (int type : replacedTypes) {
            sets.remove(type);
        }
        for (RRset set : replacement) {
            sets.put(set.getType(), set);
        }
        newOverlay.put(owner, new Node(owner, sets, owner.equals(origin)));
        int extra = owner.labels() - origin.labels();
        for (int strip = 1; strip < extra; strip++) {
            Name ancestor = new Name(owner, strip);
            if (node(ancestor) != null || newOverlay.containsKey(ancestor)) {
                break;
            }
            newOverlay.put(ancestor, new Node(ancestor, Map.of(), false));
        }
        return new ZoneData(origin, nodes, Map.copyOf(newOverlay));
    }
}
