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
import java.util.function.IntFunction;
import org.uplinkdns.config.Config;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.config.ConfigProblem;
import org.uplinkdns.config.HealthPolicy;
import org.uplinkdns.config.SelfRecordConfig;
import org.uplinkdns.uplink.Uplink;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.zone.Node;
import org.uplinkdns.zone.ZoneData;
import org.uplinkdns.zone.ZoneSet;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.NSRecord;
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
        Map<Name, Name> nameservers = nameservers(config, zones);
        for (SelfRecordConfig self : config.selfRecords()) {
            Name zoneOfNs = nameservers.get(self.name());
            if (zoneOfNs != null) {
                // Health would filter it, and a nameserver address must match the parent's glue.
                problems.add(new ConfigProblem(config.source(), self.line(), "self record " + self.name()
                        + " is a nameserver of zone " + zoneOfNs + " (apex NS): nameserver addresses must match the"
                        + " parent's glue and are never changed by health; give it fixed A/AAAA records instead"));
                continue;
            }
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

    /** The names in any served zone's apex NS RRset, each with that zone. */
    private static Map<Name, Name> nameservers(Config config, ZoneSet zones) {
        Map<Name, Name> result = new HashMap<>();
        List<String> views = new ArrayList<>();
        config.uplinks().forEach(u -> views.add(u.name()));
        views.add(Config.INTERNAL_VIEW);
        for (String view : views) {
            for (ZoneData zone : zones.forView(view).values()) {
                RRset ns = zone.apexNs();
                if (ns == null) {
                    continue;
                }
                for (org.xbill.DNS.Record r : ns.rrs()) {
                    result.putIfAbsent(((NSRecord) r).getTarget().canonicalize(), zone.origin());
                }
            }
        }
        return result;
    }

    /**
     * What a self name answers in one view.
     *
     * @param degraded whether health changed the answer (an uplink out of rotation): it then gets the
     *     policy's degraded TTL
     */
    private record SelfAnswer(List<InetAddress> addresses, boolean degraded) {}

    /**
     * The snapshot for this config, zones and uplink state. Health changes only self answers: the
     * answers that name uplinks. Zone data, the apex NS RRset and nameserver addresses among it, is
     * served as loaded whatever the health.
     */
    public static Snapshot build(Config config, ZoneSet zones, UplinkTable uplinks) {
        Map<InetAddress, View> byAddress = new HashMap<>();
        List<Uplink> rotation = uplinks.inRotation();
        HealthPolicy policy = config.health().policy();
        for (Uplink uplink : uplinks.uplinks()) {
            Map<Name, ZoneData> base = zones.forView(uplink.name());
            for (InetAddress local : uplink.addresses()) {
                IntFunction<SelfAnswer> answers = type -> uplinkAnswer(uplink, local, type, rotation, policy);
                byAddress.put(local, new View(uplink.name(), applySelf(config, zones, uplink.name(), base, answers)));
            }
        }
        boolean anyOut = uplinks.uplinks().stream().anyMatch(u -> !u.health().inRotation());
        View internal = new View(Config.INTERNAL_VIEW, applySelf(config, zones, Config.INTERNAL_VIEW,
                zones.forView(Config.INTERNAL_VIEW), type -> internalAnswer(uplinks, rotation, type, anyOut)));
        for (InetAddress local : config.listen()) {
            byAddress.put(local, internal);
        }
        return new Snapshot(config, zones, uplinks, byAddress, internal, Instant.now());
    }

    /** Rebuilds only the uplink-dependent part: same config and zones, new uplink state. */
    public static Snapshot withUplinks(Snapshot previous, UplinkTable uplinks) {
        return build(previous.config(), previous.zoneSet(), uplinks);
    }

    /**
     * What a self name answers on {@code uplink}'s address {@code local}: that uplink's address,
     * or, while it is out of rotation and another uplink is in, the addresses of those in rotation
     * (policy {@code self-on-dead: replace}; when none of them has an address of the queried
     * family, the uplink's own address rather than an empty answer).
     */
    private static SelfAnswer uplinkAnswer(Uplink uplink, InetAddress local, int type, List<Uplink> rotation,
            HealthPolicy policy) {
        boolean out = !uplink.health().inRotation();
        if (out && policy.replaceSelfOnDead() && !rotation.contains(uplink)) {
            List<InetAddress> healthy = addressesOf(rotation, type);
            if (!healthy.isEmpty()) {
                return new SelfAnswer(healthy, true);
            }
        }
        List<InetAddress> own = uplink.answerFor(local, type == Type.AAAA).<List<InetAddress>>map(List::of).orElse(List.of());
        return new SelfAnswer(own, out);
    }

    /**
     * What a self name answers on a non-uplink listener: every uplink in rotation; when none of them
     * has an address of the queried family, every uplink's (fail open, per family).
     */
    private static SelfAnswer internalAnswer(UplinkTable uplinks, List<Uplink> rotation, int type, boolean anyOut) {
        List<InetAddress> result = addressesOf(rotation, type);
        if (result.isEmpty()) {
            result = addressesOf(uplinks.uplinks(), type);
        }
        return new SelfAnswer(result, anyOut);
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
            Map<Name, ZoneData> base, IntFunction<SelfAnswer> answers) {
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
                SelfAnswer answer = answers.apply(type);
                long ttl = answer.degraded() ? config.health().policy().degradedTtl(self.ttl()) : self.ttl();
                for (InetAddress a : answer.addresses()) {
                    set.addRR(type == Type.A && a instanceof Inet4Address
                            ? new ARecord(self.name(), DClass.IN, ttl, a)
                            : new AAAARecord(self.name(), DClass.IN, ttl, a));
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
