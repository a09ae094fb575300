package org.uplinkdns.view;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.uplinkdns.config.Config;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.config.ConfigProblem;
import org.uplinkdns.config.SelfRecordConfig;
import org.uplinkdns.config.ViewConfig;
import org.uplinkdns.uplink.Uplink;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.zone.Node;
import org.uplinkdns.zone.ZoneData;
import org.uplinkdns.zone.ZoneSet;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Type;

/** Builds snapshots; see the package documentation. */
public final class SnapshotBuilder {
    private SnapshotBuilder() {}

    /**
     * Checks that self records can be applied to the shared zone data: a self name must not also
     * hold fixed address records or a CNAME there (a view's replacement file may hold them: its
     * explicit records win for that view).
     */
    public static void checkSelfRecords(Config config, ZoneSet zones) throws ConfigException {
        List<ConfigProblem> problems = new ArrayList<>();
        for (SelfRecordConfig self : config.selfRecords()) {
            ZoneData zone = new View("", zones.base()).zoneFor(self.name(), Type.A);
            if (zone == null) {
                continue;
            }
            org.uplinkdns.zone.Match where = zone.find(self.name(), false);
            if (where.kind() == org.uplinkdns.zone.Match.Kind.DELEGATION) {
                problems.add(new ConfigProblem(config.source(), self.line(), "self record " + self.name()
                        + " lies below the delegation " + where.node().name() + " in zone " + zone.origin()
                        + ": serve the child zone and put the self record there"));
                continue;
            }
            Node node = zone.node(self.name());
            if (node == null) {
                continue;
            }
            if (node.get(Type.CNAME) != null) {
                problems.add(new ConfigProblem(config.source(), self.line(), "self record " + self.name()
                        + " has a CNAME in zone " + zone.origin() + ": remove one of them"));
            }
            for (int type : self.types()) {
                if (node.get(type) != null) {
                    problems.add(new ConfigProblem(config.source(), self.line(), "self record " + self.name()
                            + " also has fixed " + Type.string(type) + " records in zone " + zone.origin()
                            + ": remove them from the zone file (the self record supplies them)"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    /**
     * The snapshot for this config, zones and uplink state. Every view a query can see is built
     * here, per listener address: the listener's own view (its uplink's, or {@code internal}) and
     * the client-prefix views whose destinations include it, with self records resolved for that
     * address. An address two uplinks claim belongs to the first; an uplink address listed under
     * {@code listen} stays the uplink's.
     */
    public static Snapshot build(Config config, ZoneSet zones, UplinkTable uplinks) {
        Map<InetAddress, ListenerViews> listeners = new HashMap<>();
        List<Uplink> rotation = uplinks.inRotation();
        for (Uplink uplink : uplinks.uplinks()) {
            for (InetAddress local : uplink.addresses()) {
                if (listeners.containsKey(local)) {
                    continue;
                }
                IntFunction<List<InetAddress>> answers = type -> uplinkAnswer(uplink, local, type, rotation);
                Function<String, View> viewNamed = name -> view(config, zones, name, answers);
                listeners.put(local, listenerViews(config, local, uplink.name(), viewNamed.apply(uplink.name()), viewNamed));
            }
        }
        // Non-uplink listeners all answer alike, so their views are built once and shared.
        IntFunction<List<InetAddress>> every = type -> addressesOf(rotation, type);
        Map<String, View> shared = new HashMap<>();
        Function<String, View> sharedNamed = name -> shared.computeIfAbsent(name, n -> view(config, zones, n, every));
        View internal = sharedNamed.apply(Config.INTERNAL_VIEW);
        for (InetAddress local : config.listen()) {
            listeners.putIfAbsent(local, listenerViews(config, local, null, internal, sharedNamed));
        }
        ListenerViews unlisted = listenerViews(config, null, null, internal, sharedNamed);
        return new Snapshot(config, zones, uplinks, listeners, unlisted, Instant.now());
    }

    /**
     * The choice at listener {@code local} (null: an address no longer listed, where only views
     * without destinations apply), which belongs to uplink {@code uplink} (null: none).
     */
    private static ListenerViews listenerViews(Config config, InetAddress local, String uplink, View own,
            Function<String, View> viewNamed) {
        List<ListenerViews.ClientView> byClient = new ArrayList<>();
        for (ViewConfig v : config.views()) {
            boolean applies = local == null
                    ? v.destinations().isEmpty() && v.destinationUplinks().isEmpty()
                    : v.matchesDestination(local, uplink);
            if (applies) {
                byClient.add(new ListenerViews.ClientView(v.clients(), viewNamed.apply(v.name())));
            }
        }
        return new ListenerViews(byClient, own);
    }

    /** View {@code name}: the shared zones with that view's replacement files, self records answered by {@code answers}. */
    private static View view(Config config, ZoneSet zones, String name, IntFunction<List<InetAddress>> answers) {
        return new View(name, applySelf(config, zones, name, zones.forView(name), answers));
    }

    /** Rebuilds only the uplink-dependent part: same config and zones, new uplink state. */
    public static Snapshot withUplinks(Snapshot previous, UplinkTable uplinks) {
        return build(previous.config(), previous.zoneSet(), uplinks);
    }

    /**
     * What a self name answers on {@code uplink}'s address {@code local}: that uplink's address,
     * or, while it is out of rotation and another uplink is in, the addresses of those in rotation.
     */
    private static List<InetAddress> uplinkAnswer(Uplink uplink, InetAddress local, int type, List<Uplink> rotation) {
        if (!uplink.health().inRotation() && !rotation.contains(uplink)) {
            return addressesOf(rotation, type);
        }
        return uplink.answerFor(local, type == Type.AAAA).<List<InetAddress>>map(List::of).orElse(List.of());
    }

    private static List<InetAddress> addressesOf(List<Uplink> uplinks, int type) {
        Set<InetAddress> result = new LinkedHashSet<>();
        for (Uplink u : uplinks) {
            (type == Type.AAAA ? u.answerV6().map(a -> (InetAddress) a) : u.answerV4().map(a -> (InetAddress) a))
                    .ifPresent(result::add);
        }
        return List.copyOf(result);
    }

    private static Map<Name, ZoneData> applySelf(Config config, ZoneSet zones, String viewName,
            Map<Name, ZoneData> base, IntFunction<List<InetAddress>> answers) {
        if (config.selfRecords().isEmpty()) {
            return base;
        }
        Map<Name, ZoneData> result = new HashMap<>(base);
        View lookup = new View(viewName, base);
        for (SelfRecordConfig self : config.selfRecords()) {
            ZoneData zone = lookup.zoneFor(self.name(), Type.A);
            if (zone == null) {
                continue;
            }
            zone = result.get(zone.origin());
            Set<Integer> types = new LinkedHashSet<>(self.types());
            if (zones.override(viewName, zone.origin()) != null) {
                Node explicit = zone.node(self.name());
                if (explicit != null) {
                    types.removeIf(t -> explicit.get(t) != null);
                }
            }
            if (types.isEmpty()) {
                continue;
            }
            List<RRset> sets = new ArrayList<>();
            for (int type : types) {
                RRset set = new RRset();
                for (InetAddress a : answers.apply(type)) {
                    set.addRR(type == Type.A && a instanceof Inet4Address
                            ? new ARecord(self.name(), DClass.IN, self.ttl(), a)
                            : new AAAARecord(self.name(), DClass.IN, self.ttl(), a));
                }
                if (set.size() > 0) {
                    sets.add(set);
                }
            }
            result.put(zone.origin(), zone.withRRsets(self.name(), types, sets));
        }
        return result;
    }
}
