package org.uplinkdns.view;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.uplinkdns.config.Config;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.config.ConfigProblem;
import org.uplinkdns.config.MailConfig;
import org.uplinkdns.config.HealthPolicy;
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
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
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

    /**
     * Checks that the records a {@code mail:} section derives can be applied to the shared zone
     * data, as {@link #checkSelfRecords} does for self names: the shared zone file must not hold
     * the MX set, the SPF TXT or a gateway's addresses itself, nor a CNAME at those names, and no
     * name may lie below a delegation. Names outside every served zone are the parent's (see
     * {@code plan}).
     */
    public static void checkMail(Config config, ZoneSet zones) throws ConfigException {
        if (config.mail().isEmpty()) {
            return;
        }
        MailConfig mail = config.mail().get();
        List<ConfigProblem> problems = new ArrayList<>();
        Map<Name, Set<Integer>> owned = new LinkedHashMap<>();
        owned.put(mail.domain(), mail.spf().enabled() ? Set.of(Type.MX, Type.TXT) : Set.of(Type.MX));
        for (int n = 1; n <= config.uplinks().size(); n++) {
            owned.put(mail.gateway(n), Set.of(Type.A, Type.AAAA));
        }
        View shared = new View("", zones.base());
        for (Map.Entry<Name, Set<Integer>> e : owned.entrySet()) {
            Name owner = e.getKey();
            String what = owner.equals(mail.domain()) ? "mail domain " + owner : "mail gateway " + owner;
            ZoneData zone = shared.zoneFor(owner, Type.A);
            if (zone == null) {
                continue;
            }
            String file = zoneFile(config, zone.origin());
            org.uplinkdns.zone.Match where = zone.find(owner, false);
            if (where.kind() == org.uplinkdns.zone.Match.Kind.DELEGATION) {
                problems.add(new ConfigProblem(config.source(), mail.line(), what + " lies below the delegation "
                        + where.node().name() + " in zone " + zone.origin() + " (" + file
                        + "): serve the child zone here, or choose a mail domain outside it"));
                continue;
            }
            Node node = zone.node(owner);
            if (node == null) {
                continue;
            }
            if (node.get(Type.CNAME) != null) {
                problems.add(new ConfigProblem(config.source(), mail.line(), what + " has a CNAME in " + file
                        + ": remove it (the mail section answers this name)"));
            }
            for (int type : e.getValue()) {
                RRset fixed = node.get(type);
                if (fixed == null || (type == Type.TXT && fixed.rrs(false).stream().noneMatch(SnapshotBuilder::isSpf))) {
                    continue;
                }
                String records = type == Type.TXT ? "a v=spf1 TXT record" : "fixed " + Type.string(type) + " records";
                problems.add(new ConfigProblem(config.source(), mail.line(), what + " also has " + records + " in "
                        + file + ": remove them from the zone file (the mail section generates them)"));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
    }

    private static String zoneFile(Config config, Name origin) {
        return config.zones().stream().filter(z -> z.name().equals(origin)).findFirst()
                .map(z -> "zone file " + z.file()).orElse("zone " + origin);
    }

    private static boolean isSpf(Record r) {
        return r instanceof TXTRecord txt && MailRecords.isSpf(String.join("", txt.getStrings()));
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
     *
     * <p>Every view a query can see is built here, per listener address: the listener's own view (its uplink's, or {@code internal}) and
     * the client-prefix views whose destinations include it, with self records resolved for that
     * address. An address two uplinks claim belongs to the first; an uplink address listed under
     * {@code listen} stays the uplink's.
     */
    public static Snapshot build(Config config, ZoneSet zones, UplinkTable uplinks) {
        Map<InetAddress, ListenerViews> listeners = new HashMap<>();
        List<Uplink> rotation = uplinks.inRotation();
        HealthPolicy policy = config.health().policy();
        for (Uplink uplink : uplinks.uplinks()) {
            for (InetAddress local : uplink.addresses()) {
                if (listeners.containsKey(local)) {
                    continue;
                }
                IntFunction<SelfAnswer> answers = type -> uplinkAnswer(uplink, local, type, rotation, policy);
                Function<String, View> viewNamed = name -> view(config, zones, name, uplinks, uplink, answers);
                listeners.put(local, listenerViews(config, local, uplink.name(), viewNamed.apply(uplink.name()), viewNamed));
            }
        }
        // Non-uplink listeners all answer alike, so their views are built once and shared.
        boolean anyOut = uplinks.uplinks().stream().anyMatch(u -> !u.health().inRotation());
        IntFunction<SelfAnswer> every = type -> internalAnswer(uplinks, rotation, type, anyOut);
        Map<String, View> shared = new HashMap<>();
        Function<String, View> sharedNamed = name -> shared.computeIfAbsent(name,
                n -> view(config, zones, n, uplinks, null, every));
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

    /**
     * View {@code name}: the shared zones with that view's replacement files, the mail records
     * ordered for {@code receiving} (null: the internal order), self records answered by {@code answers}.
     */
    private static View view(Config config, ZoneSet zones, String name, UplinkTable uplinks, Uplink receiving,
            IntFunction<SelfAnswer> answers) {
        Map<Name, ZoneData> withMail = applyMail(config, zones, name, zones.forView(name), uplinks, receiving);
        return new View(name, applySelf(config, zones, name, withMail, answers));
    }

    /**
     * Puts the mail records into the zones of one view: gateway addresses, the MX set ordered for
     * {@code receiving} (null for the internal view), the SPF TXT beside any other TXT of the
     * domain. Names this view does not serve are skipped (the parent zone holds them); records a
     * view's own replacement file sets explicitly win for that view, as with self records.
     */
    private static Map<Name, ZoneData> applyMail(Config config, ZoneSet zones, String viewName,
            Map<Name, ZoneData> base, UplinkTable uplinks, Uplink receiving) {
        if (config.mail().isEmpty()) {
            return base;
        }
        MailConfig mail = config.mail().get();
        Map<Name, ZoneData> result = new HashMap<>(base);
        for (Uplink u : uplinks.uplinks()) {
            List<RRset> sets = new ArrayList<>();
            MailRecords.gatewayAddresses(mail, u, Type.A).ifPresent(sets::add);
            MailRecords.gatewayAddresses(mail, u, Type.AAAA).ifPresent(sets::add);
            put(result, zones, viewName, mail.gateway(u.number()), Set.of(Type.A, Type.AAAA), sets);
        }
        put(result, zones, viewName, mail.domain(), Set.of(Type.MX),
                List.of(MailRecords.mx(mail, MailRecords.mxOrder(uplinks, receiving))));
        if (mail.spf().enabled()) {
            ZoneData zone = servingZone(result, viewName, mail.domain());
            Node node = zone == null ? null : zone.node(mail.domain());
            RRset txt = node == null ? null : node.get(Type.TXT);
            boolean explicit = txt != null && txt.rrs(false).stream().anyMatch(SnapshotBuilder::isSpf);
            if (!explicit) {
                RRset merged = new RRset();
                if (txt != null) {
                    txt.rrs(false).forEach(merged::addRR);
                }
                merged.addRR(MailRecords.spf(mail, uplinks));
                put(result, zones, viewName, mail.domain(), Set.of(Type.TXT), List.of(merged));
            }
        }
        return result;
    }

    /** The zone of {@code zones} that holds {@code owner}'s data, or null when none does (outside, or below a cut). */
    private static ZoneData servingZone(Map<Name, ZoneData> zones, String viewName, Name owner) {
        ZoneData zone = new View(viewName, zones).zoneFor(owner, Type.A);
        if (zone == null || zone.find(owner, false).kind() == org.uplinkdns.zone.Match.Kind.DELEGATION) {
            return null;
        }
        return zone;
    }

    /** Replaces {@code owner}'s RRsets of {@code types} with {@code sets}, except the types a view's own file sets. */
    private static void put(Map<Name, ZoneData> result, ZoneSet zones, String viewName, Name owner,
            Set<Integer> types, List<RRset> sets) {
        ZoneData zone = servingZone(result, viewName, owner);
        if (zone == null) {
            return;
        }
        Set<Integer> replaced = new LinkedHashSet<>(types);
        if (zones.override(viewName, zone.origin()) != null) {
            Node explicit = zone.node(owner);
            if (explicit != null) {
                replaced.removeIf(t -> t != Type.TXT && explicit.get(t) != null);
            }
        }
        if (replaced.isEmpty()) {
            return;
        }
        List<RRset> kept = sets.stream().filter(set -> replaced.contains(set.getType())).toList();
        result.put(zone.origin(), zone.withRRsets(owner, replaced, kept));
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
