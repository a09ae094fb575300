package org.uplinkdns.delegation;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.stream.Collectors;
import org.uplinkdns.config.Addresses;
import org.uplinkdns.uplink.Uplink;
import org.xbill.DNS.Record;

/**
 * Prints a {@link ParentPlan} as a zone file: records with absolute names (so each section can be
 * pasted into the zone it names), everything else as comments. The output parses back with any
 * RFC 1035 zone-file reader.
 */
public final class PlanText {
    private PlanText() {}

    public static String render(ParentPlan plan, String source, List<Uplink> uplinks) {
        StringBuilder out = new StringBuilder();
        line(out, "; uplinkdns plan for " + source);
        line(out, "; What the zones and ISPs outside uplinkdns need for the uplinks as they are now. Names are");
        line(out, "; absolute: copy each section into the zone it names. Uplinks:");
        for (Uplink u : uplinks) {
            line(out, ";   " + u.number() + ". " + u.name() + ": answers " + answers(u) + "; local "
                    + (u.addresses().isEmpty() ? "(none now)" : join(u.addresses())));
        }
        for (String gap : plan.gaps()) {
            line(out, "; WARNING: " + gap);
        }
        for (ParentPlan.Delegation d : plan.delegations()) {
            delegation(out, d);
        }
        mail(out, plan);
        reverse(out, plan);
        routing(out, plan);
        return out.toString();
    }

    private static void delegation(StringBuilder out, ParentPlan.Delegation d) {
        line(out, "");
        line(out, "; ---- Delegation of " + d.child() + " in its parent zone " + d.parent()
                + (d.parentServedHere() ? " (served here: its zone file must hold these records)" : " (not served here)"));
        line(out, "; Nameserver addresses: the child's own apex NS targets, matched to uplinks by the number ending");
        line(out, "; their first label (www-ns1 -> uplink 1), else in name order; each at its uplink's public address.");
        d.ns().rrs(false).forEach(r -> record(out, r, null));
        for (ParentPlan.NameServer ns : d.nameServers()) {
            String whose = ns.uplink().map(u -> "uplink " + u.number() + " (" + u.name() + ")").orElse(null);
            if (ns.uplink().isEmpty()) {
                line(out, "; " + ns.target() + " is not matched to any uplink (more NS targets than uplinks):"
                        + " its address is not managed by uplinkdns");
            } else if (ns.placement() == ParentPlan.Placement.ELSEWHERE) {
                line(out, "; " + ns.target() + " (" + whose + ") lies outside " + d.parent()
                        + ": no glue here; its own zone must give it " + whose + "'s address");
            } else if (ns.addresses().isEmpty()) {
                line(out, "; " + ns.target() + ": " + whose + " has no address now, so no record can be given");
            }
            String kind = ns.placement() == ParentPlan.Placement.GLUE ? "glue, " : "";
            ns.addresses().forEach(r -> record(out, r, kind + whose));
        }
        if (d.perUplinkReason().isPresent()) {
            line(out, "; No DS record for " + d.child() + ": its answers differ by receiving uplink and health ("
                    + d.perUplinkReason().get() + "),");
            line(out, "; so they cannot be signed ahead of time; with a DS in the parent, validating resolvers");
            line(out, "; would reject every answer. Keep " + d.child() + " unsigned.");
        }
    }

    private static void mail(StringBuilder out, ParentPlan plan) {
        if (plan.mailServedIn().isPresent() && plan.mail().isEmpty()) {
            line(out, "");
            line(out, "; ---- Mail: the MX set, the gateway hosts and SPF are served here, in zone "
                    + plan.mailServedIn().get() + ", per uplink: nothing to add elsewhere.");
            return;
        }
        if (plan.mail().isEmpty()) {
            return;
        }
        ParentPlan.MailForParent m = plan.mail().get();
        line(out, "");
        line(out, "; ---- Mail for " + m.domain() + ": not served here, so the zone serving it (" + m.parentZone()
                + " or below) needs these records.");
        if (m.mx().isPresent()) {
            line(out, "; The MX order is the config order: a static zone cannot prefer the uplink a query arrives on.");
        }
        m.records().forEach(r -> record(out, r, null));
    }

    private static void reverse(StringBuilder out, ParentPlan plan) {
        for (ParentPlan.Reverse r : plan.reverse()) {
            line(out, "");
            line(out, "; ---- Reverse DNS to ask " + r.uplink().name() + "'s ISP for (uplink " + r.uplink().number()
                    + "): forward and reverse of " + r.gateway() + " must match.");
            if (r.records().isEmpty()) {
                line(out, "; (uplink " + r.uplink().name() + " has no address now)");
            }
            r.records().forEach(rec -> record(out, rec, null));
        }
    }

    private static void routing(StringBuilder out, ParentPlan plan) {
        line(out, "");
        line(out, "; ---- Source policy routing on the gateway (seed 004): a reply must leave by the uplink its");
        line(out, "; query came in on, or the other ISP's ingress filter drops it. Run these from each interface's");
        line(out, "; up hook. Table numbers are a convention (100 + uplink number); any free table works.");
        for (ParentPlan.SourceRoute r : plan.routes()) {
            Uplink u = r.uplink();
            String dev = r.iface().orElse("<interface of " + u.name() + ">");
            line(out, "; uplink " + u.number() + " (" + u.name() + "), table " + r.table() + ":");
            if (r.local().isEmpty()) {
                line(out, ";   ip rule add from <address of " + dev + "> lookup " + r.table());
            }
            for (InetAddress a : r.local()) {
                line(out, ";   ip " + (a instanceof Inet6Address ? "-6 " : "") + "rule add from " + Addresses.text(a)
                        + " lookup " + r.table());
            }
            boolean v6 = r.local().stream().anyMatch(a -> a instanceof Inet6Address);
            boolean v4 = r.local().isEmpty() || r.local().stream().anyMatch(a -> !(a instanceof Inet6Address));
            if (v4) {
                line(out, ";   ip route add default via " + r.nextHop4().map(Addresses::text)
                        .orElse("<next hop of " + u.name() + ">") + " dev " + dev + " table " + r.table()
                        + (r.nextHop4().isPresent() ? "   # from this host's current routes" : ""));
            }
            if (v6) {
                line(out, ";   ip -6 route add default via " + r.nextHop6().map(Addresses::text)
                        .orElse("<IPv6 next hop of " + u.name() + ">") + " dev " + dev + " table " + r.table()
                        + (r.nextHop6().isPresent() ? "   # from this host's current routes" : ""));
            }
        }
    }

    private static String answers(Uplink u) {
        String v4 = u.answerV4().map(Addresses::text).orElse(null);
        String v6 = u.answerV6().map(Addresses::text).orElse(null);
        if (v4 == null && v6 == null) {
            return "(no address now)";
        }
        return v4 == null ? v6 : v6 == null ? v4 : v4 + " " + v6;
    }

    private static String join(List<InetAddress> addresses) {
        return addresses.stream().map(Addresses::text).collect(Collectors.joining(" "));
    }

    private static void record(StringBuilder out, Record r, String comment) {
        line(out, comment == null ? r.toString() : r + "\t; " + comment);
    }

    private static void line(StringBuilder out, String text) {
        out.append(text).append('\n');
    }
}
