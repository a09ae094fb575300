package org.uplinkdns.delegation;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.uplinkdns.config.Config;
import org.uplinkdns.config.MailConfig;
import org.uplinkdns.config.SelfRecordConfig;
import org.uplinkdns.config.UplinkConfig;
import org.uplinkdns.uplink.Uplink;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.view.MailRecords;
import org.uplinkdns.view.View;
import org.uplinkdns.zone.Match;
import org.uplinkdns.zone.ZoneData;
import org.uplinkdns.zone.ZoneSet;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * What the zones and ISPs outside uplinkdns must hold for a config and the uplinks as they are
 * now: delegations with their nameserver addresses, the mail records of a domain served elsewhere,
 * the reverse records to ask each ISP for, and the gateway's source policy routing. {@code plan}
 * prints it ({@link PlanText}); {@code check} compares the parent's answers with it.
 *
 * @param mailServedIn the zone that serves the mail domain here, when uplinkdns serves it itself
 * @param gaps what could not be planned (an uplink without any address), one sentence each
 */
public record ParentPlan(
        List<Delegation> delegations,
        Optional<MailForParent> mail,
        Optional<Name> mailServedIn,
        List<Reverse> reverse,
        List<SourceRoute> routes,
        List<String> gaps) {

    /** Routing table of uplink N: 100 + N (a convention; any free table number works). */
    public static final int TABLE_BASE = 100;
    /** TTL of the PTR records printed for the ISPs (they choose their own; this is a suggestion). */
    public static final long PTR_TTL = 3600;
    private static final Pattern TRAILING_NUMBER = Pattern.compile("(\\d+)$");

    /**
     * A zone cut the parent must hold.
     *
     * @param parent the parent zone: the served zone holding the cut, or for a zone whose parent is
     *     not served here the name one label up (records go to whichever zone holds that name)
     * @param perUplinkReason why answers of {@code child} differ by uplink (no DS may be published), or empty
     */
    public record Delegation(Name child, Name parent, boolean parentServedHere, Optional<String> perUplinkReason,
            RRset ns, List<NameServer> nameServers) {}

    /** Where a nameserver's address records live. */
    public enum Placement {
        /** Below the cut: the parent must carry them as glue. */
        GLUE,
        /** In the parent zone itself: ordinary records of the parent. */
        PARENT_DATA,
        /** Outside both zones: uplinkdns leaves its address alone. */
        ELSEWHERE
    }

    /**
     * One target of the child's apex NS set.
     *
     * @param uplink the uplink whose address it stands for, if one was matched to it
     * @param addresses its A and AAAA records at that uplink's current public address
     */
    public record NameServer(Name target, Optional<Uplink> uplink, Placement placement, List<Record> addresses) {}

    /**
     * The mail records whose owners uplinkdns does not serve, for the zone that does.
     *
     * @param parentZone the zone expected to hold them (the parent of a served zone)
     * @param mx the MX set in config order (a parent zone cannot prefer the receiving uplink)
     */
    public record MailForParent(Name domain, Name parentZone, Optional<RRset> mx, List<RRset> gateways,
            Optional<TXTRecord> spf) {

        public List<Record> records() {
            List<Record> all = new ArrayList<>();
            mx.ifPresent(set -> all.addAll(set.rrs(false)));
            gateways.forEach(set -> all.addAll(set.rrs(false)));
            spf.ifPresent(all::add);
            return all;
        }
    }

    /** The PTR records uplink's ISP should publish so the gateway's forward and reverse names match. */
    public record Reverse(Uplink uplink, Name gateway, List<PTRRecord> records) {}

    /**
     * The policy routing one uplink needs on the gateway (seed 004).
     *
     * @param iface the interface its traffic uses, when known
     * @param nextHop4 the IPv4 next hop of its default route, when this host's routes show one
     */
    public record SourceRoute(Uplink uplink, int table, List<InetAddress> local, Optional<String> iface,
            Optional<InetAddress> nextHop4, Optional<InetAddress> nextHop6) {}

    /** The plan for {@code config}, its loaded {@code zones}, and {@code uplinks} as they are now. */
    public static ParentPlan of(Config config, ZoneSet zones, UplinkTable uplinks, HostRouting routing) {
        View served = new View("", zones.base());
        List<String> gaps = new ArrayList<>();
        for (Uplink u : uplinks.uplinks()) {
            if (u.answerV4().isEmpty() && u.answerV6().isEmpty()) {
                gaps.add("uplink " + u.name() + " has no address now (no 'public' address and none on its interface):"
                        + " its nameserver, gateway and PTR records are missing from this plan");
            }
        }
        Map<Name, String> perUplink = perUplinkZones(config, served);
        List<Delegation> delegations = new ArrayList<>();
        // Parents before children: the order an operator applies them in.
        List<Name> byDepth = config.zones().stream().map(z -> z.name())
                .sorted(Comparator.comparingInt(Name::labels)).toList();
        for (Name origin : byDepth) {
            ZoneData zone = zones.base().get(origin);
            if (zone == null || zone.origin().labels() < 2) {
                continue;
            }
            Name parentName = new Name(zone.origin(), 1);
            ZoneData servedParent = served.zoneFor(parentName, Type.SOA);
            Optional<String> reason = Optional.ofNullable(perUplink.get(zone.origin()));
            if (servedParent != null && reason.isEmpty()) {
                continue;
            }
            Name parent = servedParent == null ? parentName : servedParent.origin();
            delegations.add(new Delegation(zone.origin(), parent, servedParent != null, reason, zone.apexNs(),
                    nameServers(zone, parent, uplinks)));
        }
        Optional<MailForParent> mail = Optional.empty();
        Optional<Name> mailServedIn = Optional.empty();
        List<Reverse> reverse = new ArrayList<>();
        if (config.mail().isPresent()) {
            MailConfig mc = config.mail().get();
            ZoneData home = servingZone(served, mc.domain());
            mailServedIn = home == null ? Optional.empty() : Optional.of(home.origin());
            mail = mailForParent(config, mc, served, uplinks);
            for (Uplink u : uplinks.uplinks()) {
                Name gateway = mc.gateway(u.number());
                List<PTRRecord> ptr = new ArrayList<>();
                u.answerV4().ifPresent(a -> ptr.add(new PTRRecord(ReverseMap.fromAddress(a), DClass.IN, PTR_TTL, gateway)));
                u.answerV6().ifPresent(a -> ptr.add(new PTRRecord(ReverseMap.fromAddress(a), DClass.IN, PTR_TTL, gateway)));
                reverse.add(new Reverse(u, gateway, List.copyOf(ptr)));
            }
        }
        List<SourceRoute> routes = new ArrayList<>();
        for (Uplink u : uplinks.uplinks()) {
            Optional<String> iface = config.uplink(u.name()).flatMap(UplinkConfig::interfaceName);
            if (iface.isEmpty() && !u.addresses().isEmpty()) {
                iface = routing.interfaceOf(u.addresses().get(0));
            }
            boolean v6 = u.addresses().stream().anyMatch(a -> a instanceof Inet6Address);
            boolean v4 = u.addresses().isEmpty() || u.addresses().stream().anyMatch(a -> !(a instanceof Inet6Address));
            Optional<InetAddress> hop4 = v4 ? iface.flatMap(i -> routing.defaultGateway(i, false)) : Optional.empty();
            Optional<InetAddress> hop6 = v6 ? iface.flatMap(i -> routing.defaultGateway(i, true)) : Optional.empty();
            routes.add(new SourceRoute(u, TABLE_BASE + u.number(), u.addresses(), iface, hop4, hop6));
        }
        return new ParentPlan(List.copyOf(delegations), mail, mailServedIn, List.copyOf(reverse), List.copyOf(routes),
                List.copyOf(gaps));
    }

    /**
     * Zones whose answers differ by uplink or health, so they cannot be signed ahead of time:
     * those holding self names or mail records derived here.
     */
    private static Map<Name, String> perUplinkZones(Config config, View served) {
        Map<Name, String> result = new java.util.LinkedHashMap<>();
        for (SelfRecordConfig self : config.selfRecords()) {
            ZoneData zone = servingZone(served, self.name());
            if (zone != null) {
                result.merge(zone.origin(), "self name " + self.name(), (a, b) -> a);
            }
        }
        config.mail().ifPresent(mail -> {
            ZoneData zone = servingZone(served, mail.domain());
            if (zone != null) {
                result.merge(zone.origin(), "the MX set of " + mail.domain(), (a, b) -> a);
            }
            for (int n = 1; n <= config.uplinks().size(); n++) {
                ZoneData gz = servingZone(served, mail.gateway(n));
                if (gz != null) {
                    result.merge(gz.origin(), "mail gateway " + mail.gateway(n), (a, b) -> a);
                }
            }
        });
        return result;
    }

    private static ZoneData servingZone(View served, Name owner) {
        ZoneData zone = served.zoneFor(owner, Type.A);
        if (zone == null || zone.find(owner, false).kind() == Match.Kind.DELEGATION) {
            return null;
        }
        return zone;
    }

    /**
     * The child's apex NS targets, each matched to an uplink: a target whose first label ends in
     * a number N (1 to the number of uplinks) stands for uplink N ({@code www-ns1} for uplink 1);
     * the remaining targets, in name order, take the remaining uplinks in config order.
     */
    static List<NameServer> nameServers(ZoneData zone, Name parent, UplinkTable uplinks) {
        RRset ns = zone.apexNs();
        List<Name> targets = ns.rrs(false).stream().map(r -> ((NSRecord) r).getTarget()).distinct()
                .sorted(Comparator.naturalOrder()).toList();
        Map<Name, Uplink> matched = new java.util.LinkedHashMap<>();
        Set<Integer> taken = new LinkedHashSet<>();
        for (Name target : targets) {
            Matcher m = TRAILING_NUMBER.matcher(target.labels() > 1 ? target.getLabelString(0) : "");
            if (m.find() && m.group(1).length() < 4) {
                int n = Integer.parseInt(m.group(1));
                if (n >= 1 && n <= uplinks.uplinks().size() && taken.add(n)) {
                    matched.put(target, uplinks.uplinks().get(n - 1));
                }
            }
        }
        List<Uplink> rest = uplinks.uplinks().stream().filter(u -> !taken.contains(u.number())).toList();
        int next = 0;
        for (Name target : targets) {
            if (!matched.containsKey(target) && next < rest.size()) {
                matched.put(target, rest.get(next++));
            }
        }
        List<NameServer> result = new ArrayList<>();
        for (Name target : targets) {
            Placement placement = target.subdomain(zone.origin()) ? Placement.GLUE
                    : target.subdomain(parent) ? Placement.PARENT_DATA : Placement.ELSEWHERE;
            Optional<Uplink> uplink = Optional.ofNullable(matched.get(target));
            List<Record> addresses = new ArrayList<>();
            if (placement != Placement.ELSEWHERE && uplink.isPresent()) {
                uplink.get().answerV4().ifPresent(a -> addresses.add(new ARecord(target, DClass.IN, ns.getTTL(), a)));
                uplink.get().answerV6().ifPresent(a -> addresses.add(new AAAARecord(target, DClass.IN, ns.getTTL(), a)));
            }
            result.add(new NameServer(target, uplink, placement, List.copyOf(addresses)));
        }
        return List.copyOf(result);
    }

    private static Optional<MailForParent> mailForParent(Config config, MailConfig mail, View served, UplinkTable uplinks) {
        boolean domainServed = servingZone(served, mail.domain()) != null;
        Optional<RRset> mx = domainServed ? Optional.empty()
                : Optional.of(MailRecords.mx(mail, MailRecords.mxOrder(uplinks, null)));
        List<RRset> gateways = new ArrayList<>();
        for (Uplink u : uplinks.uplinks()) {
            if (servingZone(served, mail.gateway(u.number())) == null) {
                MailRecords.gatewayAddresses(mail, u, Type.A).ifPresent(gateways::add);
                MailRecords.gatewayAddresses(mail, u, Type.AAAA).ifPresent(gateways::add);
            }
        }
        Optional<TXTRecord> spf = domainServed || !mail.spf().enabled() ? Optional.empty()
                : Optional.of(MailRecords.spf(mail, uplinks));
        if (mx.isEmpty() && gateways.isEmpty() && spf.isEmpty()) {
            return Optional.empty();
        }
        Name parentZone = config.zones().stream().map(z -> z.name()).filter(z -> z.labels() > 2)
                .map(z -> new Name(z, 1)).filter(mail.domain()::subdomain)
                .max(Comparator.comparingInt(Name::labels)).orElse(mail.domain());
        return Optional.of(new MailForParent(mail.domain(), parentZone, mx, List.copyOf(gateways), spf));
    }
}
