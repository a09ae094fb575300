package org.uplinkdns.delegation;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.uplinkdns.config.Addresses;
import org.uplinkdns.config.Config;
import org.uplinkdns.config.MailConfig;
import org.uplinkdns.config.SelfRecordConfig;
import org.uplinkdns.delegation.Finding.Status;
import org.uplinkdns.uplink.Uplink;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.view.MailRecords;
import org.uplinkdns.zone.ZoneData;
import org.uplinkdns.zone.ZoneSet;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Compares what the parent zone and each uplink's listener answer with a {@link ParentPlan} and
 * the loaded zones. Every question goes through a {@link DnsProbe} with bounded time; a server
 * that does not answer is reported once and not asked again, so a dead parent costs one timeout
 * per server, never a hang.
 */
public final class ParentCheck {

    /** Finds the authoritative servers of a zone that is not served here. */
    public interface ServerFinder {
        Servers find(Name zone);
    }

    /**
     * The servers to ask about a zone.
     *
     * @param source how they were found, for the report ({@code --parent}, {@code NS of net. via 192.0.2.53})
     * @param problem why none were found, when {@code addresses} is empty
     */
    public record Servers(List<InetSocketAddress> addresses, String source, Optional<String> problem) {}

    private static final String THIS_HOST = "this host";

    private final Config config;
    private final ZoneSet zones;
    private final UplinkTable uplinks;
    private final ParentPlan plan;
    private final DnsProbe probe;
    private final ServerFinder finder;
    private final Function<InetAddress, InetSocketAddress> listener;
    private final HostRouting routing;
    private final List<Finding> findings = new ArrayList<>();
    private final Map<InetSocketAddress, String> silent = new HashMap<>();
    private final Map<Name, Servers> found = new HashMap<>();

    /**
     * @param listener where the running server listens for a local uplink address (the config's port)
     */
    public ParentCheck(Config config, ZoneSet zones, UplinkTable uplinks, ParentPlan plan, DnsProbe probe,
            ServerFinder finder, Function<InetAddress, InetSocketAddress> listener, HostRouting routing) {
        this.config = config;
        this.zones = zones;
        this.uplinks = uplinks;
        this.plan = plan;
        this.probe = probe;
        this.finder = finder;
        this.listener = listener;
        this.routing = routing;
    }

    /** Runs every comparison; the findings come in the order a reader follows: parent, mail, listeners, routing. */
    public List<Finding> run() {
        for (ParentPlan.Delegation d : plan.delegations()) {
            Servers servers = d.parentServedHere() ? listeners() : serversOf(d.parent());
            for (InetSocketAddress s : servers.addresses()) {
                delegation(d, s);
            }
        }
        plan.mail().ifPresent(m -> {
            for (InetSocketAddress s : serversOf(m.parentZone()).addresses()) {
                parentMail(m, s);
            }
        });
        for (Uplink u : uplinks.uplinks()) {
            for (InetAddress local : u.addresses()) {
                throughUplink(u, local);
            }
        }
        for (Uplink u : uplinks.uplinks()) {
            sourceRouting(u);
        }
        return List.copyOf(findings);
    }

    // ---- the parent zone

    private void delegation(ParentPlan.Delegation d, InetSocketAddress server) {
        Optional<Message> reply = ask(server, d.child(), Type.NS);
        if (reply.isEmpty()) {
            return;
        }
        Message m = reply.get();
        Set<Name> seen = new TreeSet<>();
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY}) {
            for (Record r : m.getSection(section)) {
                if (r instanceof NSRecord ns && r.getName().equals(d.child())) {
                    seen.add(ns.getTarget());
                }
            }
        }
        Set<Name> expected = new TreeSet<>(d.nameServers().stream().map(ParentPlan.NameServer::target).toList());
        String subject = d.child() + " NS";
        if (seen.isEmpty()) {
            add(Status.DIFFERENT, "delegation", subject, server, "no delegation in " + d.parent() + " (" + rcode(m)
                    + "): add " + names(expected));
        } else if (!seen.equals(expected)) {
            add(Status.DIFFERENT, "delegation", subject, server, "parent has " + names(seen) + "; the zone's apex has "
                    + names(expected) + difference(expected, seen));
        } else {
            add(Status.OK, "delegation", subject, server, names(seen));
        }
        for (ParentPlan.NameServer ns : d.nameServers()) {
            if (ns.placement() == ParentPlan.Placement.ELSEWHERE || ns.uplink().isEmpty()) {
                continue;
            }
            String whose = "uplink " + ns.uplink().get().name();
            String area = ns.placement() == ParentPlan.Placement.GLUE ? "glue" : "ns-address";
            for (int type : new int[] {Type.A, Type.AAAA}) {
                List<Record> actual = ns.placement() == ParentPlan.Placement.GLUE
                        ? owned(m.getSection(Section.ADDITIONAL), ns.target(), type) : List.of();
                if (actual.isEmpty()) {
                    actual = answers(server, ns.target(), type);
                }
                compareAddresses(area, ns.target(), type, addressesOf(ns.addresses(), type), actual, server, whose);
            }
        }
        Optional<Message> ds = ask(server, d.child(), Type.DS);
        if (ds.isEmpty()) {
            return;
        }
        List<Record> dsRecords = owned(ds.get().getSection(Section.ANSWER), d.child(), Type.DS);
        if (!dsRecords.isEmpty() && d.perUplinkReason().isPresent()) {
            add(Status.ERROR, "ds", d.child() + " DS", server, "the parent publishes " + dsRecords.size()
                    + " DS record(s), but " + d.child() + " is unsigned and its answers differ by uplink ("
                    + d.perUplinkReason().get() + "): validating resolvers reject every answer; remove the DS from "
                    + d.parent());
        } else if (d.perUplinkReason().isPresent()) {
            add(Status.OK, "ds", d.child() + " DS", server, "none (right for a zone with per-uplink answers)");
        }
    }

    private void parentMail(ParentPlan.MailForParent mail, InetSocketAddress server) {
        if (mail.mx().isPresent()) {
            List<Record> actual = answers(server, mail.domain(), Type.MX);
            if (!silent.containsKey(server)) {
                compareMx(mail.mx().get(), actual, server, "MX of " + mail.domain() + " in config order");
            }
        }
        for (RRset set : mail.gateways()) {
            List<Record> actual = answers(server, set.getName(), set.getType());
            if (!silent.containsKey(server)) {
                compareAddresses("mail-gw", set.getName(), set.getType(), addressesOf(set.rrs(false), set.getType()),
                        actual, server, "its uplink");
            }
        }
        mail.spf().ifPresent(spf -> {
            List<Record> actual = answers(server, mail.domain(), Type.TXT);
            if (!silent.containsKey(server)) {
                compareSpf(mail.domain(), String.join("", spf.getStrings()), actual, server);
            }
        });
    }

    // ---- each uplink's own listener

    private void throughUplink(Uplink u, InetAddress local) {
        InetSocketAddress server = listener.apply(local);
        for (var entry : zones.forView(u.name()).entrySet()) {
            ZoneData zone = entry.getValue();
            Optional<Message> reply = ask(server, zone.origin(), Type.SOA);
            if (reply.isEmpty()) {
                return;
            }
            List<Record> soa = owned(reply.get().getSection(Section.ANSWER), zone.origin(), Type.SOA);
            String subject = zone.origin() + " SOA";
            if (soa.isEmpty()) {
                add(Status.DIFFERENT, "soa", subject, server, "no SOA (" + rcode(reply.get()) + ") through uplink "
                        + u.name() + ": the running server does not serve " + zone.origin() + "; reload it (SIGHUP)");
            } else if (((SOARecord) soa.get(0)).getSerial() != zone.serial()) {
                add(Status.DIFFERENT, "soa", subject, server, "serial " + ((SOARecord) soa.get(0)).getSerial()
                        + " through uplink " + u.name() + ", zone file has " + zone.serial()
                        + ": the running server has older data; reload it (SIGHUP)");
            } else {
                add(Status.OK, "soa", subject, server, "serial " + zone.serial() + " through uplink " + u.name());
            }
        }
        ownAddress(u, local, server);
        config.mail().ifPresent(mail -> listenerMail(mail, u, server));
    }

    /** The listener on an uplink's address answers a self name with that uplink's address. */
    private void ownAddress(Uplink u, InetAddress local, InetSocketAddress server) {
        boolean v6 = local instanceof Inet6Address;
        for (SelfRecordConfig self : config.selfRecords()) {
            int type = v6 ? Type.AAAA : Type.A;
            if (!self.types().contains(type)) {
                continue;
            }
            Optional<? extends InetAddress> expected = u.answerFor(local, v6);
            if (expected.isEmpty()) {
                continue;
            }
            List<Record> actual = answers(server, self.name(), type);
            if (silent.containsKey(server)) {
                return;
            }
            Set<InetAddress> got = addressesOf(actual, type);
            String subject = self.name() + " " + Type.string(type);
            if (got.equals(Set.of(expected.get()))) {
                add(Status.OK, "listener", subject, server, "uplink " + u.name() + " answers its own address "
                        + Addresses.text(expected.get()));
            } else if (!got.isEmpty() && otherUplinkAddresses(u, type).containsAll(got)) {
                add(Status.WARNING, "listener", subject, server, "uplink " + u.name() + " answers " + text(got)
                        + " instead of its own " + Addresses.text(expected.get())
                        + ": the running server has it out of rotation");
            } else {
                add(Status.DIFFERENT, "listener", subject, server, "uplink " + u.name() + " answers "
                        + (got.isEmpty() ? "nothing" : text(got)) + ", expected its own address "
                        + Addresses.text(expected.get()) + ": is the running server using this config?");
            }
            return;
        }
    }

    /** The mail records a listener serves itself, when the mail domain is served here. */
    private void listenerMail(MailConfig mail, Uplink u, InetSocketAddress server) {
        if (plan.mailServedIn().isEmpty() || silent.containsKey(server)) {
            return;
        }
        RRset expected = MailRecords.mx(mail, MailRecords.mxOrder(uplinks, u));
        List<Record> actual = answers(server, mail.domain(), Type.MX);
        if (silent.containsKey(server)) {
            return;
        }
        Set<String> all = mxTexts(MailRecords.mx(mail, MailRecords.mxOrder(uplinks, null)).rrs(false)).stream()
                .map(t -> t.substring(t.indexOf(' ') + 1)).collect(Collectors.toSet());
        Set<String> gotTargets = mxTexts(actual).stream().map(t -> t.substring(t.indexOf(' ') + 1))
                .collect(Collectors.toSet());
        if (!mxTexts(actual).equals(mxTexts(expected.rrs(false))) && !actual.isEmpty() && all.containsAll(gotTargets)) {
            add(Status.WARNING, "mx", mail.domain() + " MX", server, "through uplink " + u.name() + ": "
                    + text(mxTexts(actual)) + "; with every uplink up it would be " + text(mxTexts(expected.rrs(false)))
                    + " (an uplink is out of rotation in the running server)");
        } else {
            compareMx(expected, actual, server, "through uplink " + u.name());
        }
        for (Uplink g : uplinks.uplinks()) {
            for (int type : new int[] {Type.A, Type.AAAA}) {
                List<Record> want = MailRecords.gatewayAddresses(mail, g, type).map(s -> s.rrs(false)).orElse(List.of());
                List<Record> got = answers(server, mail.gateway(g.number()), type);
                if (silent.containsKey(server)) {
                    return;
                }
                compareAddresses("mail-gw", mail.gateway(g.number()), type, addressesOf(want, type), got, server,
                        "uplink " + g.name());
            }
        }
        if (mail.spf().enabled()) {
            List<Record> got = answers(server, mail.domain(), Type.TXT);
            if (!silent.containsKey(server)) {
                compareSpf(mail.domain(), MailRecords.spfText(mail, uplinks), got, server);
            }
        }
    }

    // ---- this host

    private void sourceRouting(Uplink u) {
        for (InetAddress local : u.addresses()) {
            String subject = "from " + Addresses.text(local);
            if (local.isLoopbackAddress()) {
                add(Status.OK, "routing", subject, THIS_HOST, "uplink " + u.name()
                        + ": loopback address, no source policy routing needed");
                continue;
            }
            if (!routing.isLocal(local)) {
                add(Status.WARNING, "routing", subject, THIS_HOST, "uplink " + u.name() + ": " + Addresses.text(local)
                        + " is not on this host; run check on the gateway to see its policy routing");
                continue;
            }
            boolean v6 = local instanceof Inet6Address;
            Optional<String> rules = routing.rules(v6);
            if (rules.isEmpty()) {
                add(Status.WARNING, "routing", subject, THIS_HOST, "cannot read 'ip " + (v6 ? "-6 " : "")
                        + "rule show'; make sure uplink " + u.name() + " has a source rule (see uplinkdns plan)");
            } else if (IpRouting.hasSourceRule(rules.get(), local)) {
                add(Status.OK, "routing", subject, THIS_HOST, "uplink " + u.name() + " has a source policy rule");
            } else {
                add(Status.WARNING, "routing", subject, THIS_HOST, "no 'ip rule' from " + Addresses.text(local)
                        + ": replies sent for uplink " + u.name() + " may leave by another uplink and be dropped;"
                        + " add the rule and table that 'uplinkdns plan' prints");
            }
        }
    }

    // ---- comparisons

    private void compareAddresses(String area, Name owner, int type, Set<InetAddress> expected, List<Record> actualRecords,
            InetSocketAddress server, String whose) {
        if (silent.containsKey(server)) {
            return;
        }
        Set<InetAddress> actual = addressesOf(actualRecords, type);
        String subject = owner + " " + Type.string(type);
        if (expected.isEmpty() && actual.isEmpty()) {
            return;
        }
        if (actual.equals(expected)) {
            add(Status.OK, area, subject, server, text(actual) + " (" + whose + ")");
        } else if (actual.isEmpty()) {
            add(Status.DIFFERENT, area, subject, server, "missing: add " + owner + " " + Type.string(type) + " "
                    + text(expected) + " (" + whose + ")");
        } else {
            Set<InetAddress> stale = new LinkedHashSet<>(actual);
            stale.removeAll(expected);
            String now = expected.isEmpty() ? whose + " has no " + (type == Type.AAAA ? "IPv6" : "IPv4")
                    + " address now: delete it" : whose + " is " + text(expected) + " now: replace it";
            add(Status.DIFFERENT, area, subject, server, (stale.isEmpty() ? "incomplete: " + owner + " "
                    + Type.string(type) + " " + text(actual) : "stale record " + owner + " " + Type.string(type) + " "
                    + text(stale)) + "; " + now);
        }
    }

    private void compareMx(RRset expected, List<Record> actual, InetSocketAddress server, String what) {
        Set<String> want = mxTexts(expected.rrs(false));
        Set<String> got = mxTexts(actual);
        String subject = expected.getName() + " MX";
        if (want.equals(got)) {
            add(Status.OK, "mx", subject, server, text(got) + " (" + what + ")");
        } else {
            add(Status.DIFFERENT, "mx", subject, server, "has " + (got.isEmpty() ? "no MX" : text(got)) + "; expected "
                    + text(want) + " (" + what + ")" + difference(want, got));
        }
    }

    private void compareSpf(Name domain, String expected, List<Record> txt, InetSocketAddress server) {
        List<String> policies = txt.stream().filter(r -> r instanceof TXTRecord).map(r -> String.join("", ((TXTRecord) r).getStrings()))
                .filter(MailRecords::isSpf).toList();
        String subject = domain + " TXT (SPF)";
        if (policies.size() > 1) {
            add(Status.DIFFERENT, "spf", subject, server, policies.size() + " SPF records: receivers treat that as a"
                    + " permanent error (RFC 7208 section 4.5); keep only \"" + expected + "\"");
            return;
        }
        if (policies.isEmpty()) {
            add(Status.DIFFERENT, "spf", subject, server, "missing: add \"" + expected + "\"");
            return;
        }
        Set<String> want = spfTerms(expected);
        Set<String> got = spfTerms(policies.get(0));
        if (want.equals(got)) {
            add(Status.OK, "spf", subject, server, policies.get(0));
        } else {
            add(Status.DIFFERENT, "spf", subject, server, "has \"" + policies.get(0) + "\"; expected \"" + expected + "\""
                    + difference(want, got));
        }
    }

    private static Set<String> spfTerms(String text) {
        return new TreeSet<>(List.of(text.toLowerCase().trim().split("\\s+")));
    }

    private static Set<String> mxTexts(List<Record> records) {
        Set<String> result = new TreeSet<>();
        for (Record r : records) {
            if (r instanceof MXRecord mx) {
                result.add(mx.getPriority() + " " + mx.getTarget());
            }
        }
        return result;
    }

    private static <T> String difference(Set<T> expected, Set<T> actual) {
        Set<T> missing = new LinkedHashSet<>(expected);
        missing.removeAll(actual);
        Set<T> stale = new LinkedHashSet<>(actual);
        stale.removeAll(expected);
        StringBuilder out = new StringBuilder();
        if (!missing.isEmpty()) {
            out.append("; missing ").append(text(missing));
        }
        if (!stale.isEmpty()) {
            out.append("; stale ").append(text(stale));
        }
        return out.toString();
    }

    private Set<InetAddress> otherUplinkAddresses(Uplink self, int type) {
        Set<InetAddress> result = new LinkedHashSet<>();
        for (Uplink u : uplinks.uplinks()) {
            if (u.number() != self.number()) {
                (type == Type.AAAA ? u.answerV6().map(a -> (InetAddress) a) : u.answerV4().map(a -> (InetAddress) a))
                        .ifPresent(result::add);
            }
        }
        return result;
    }

    // ---- asking

    private Servers listeners() {
        List<InetSocketAddress> result = new ArrayList<>();
        for (Uplink u : uplinks.uplinks()) {
            u.addresses().forEach(a -> result.add(listener.apply(a)));
        }
        return new Servers(result, "this server's uplink listeners", Optional.empty());
    }

    private Servers serversOf(Name zone) {
        return found.computeIfAbsent(zone, z -> {
            Servers s = finder.find(z);
            if (s.addresses().isEmpty()) {
                add(Status.ERROR, "servers", z.toString(), "-", "cannot find the servers of " + z + ": "
                        + s.problem().orElse("none found") + "; give one with --parent ADDR[:PORT]");
            }
            return s;
        });
    }

    /** The reply, or empty when the server did not answer (reported once; it is not asked again). */
    private Optional<Message> ask(InetSocketAddress server, Name name, int type) {
        if (silent.containsKey(server)) {
            return Optional.empty();
        }
        try {
            return Optional.of(probe.query(server, name, type, false));
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            silent.put(server, why);
            add(Status.ERROR, "servers", name + " " + Type.string(type), server, "no answer after " + probe.limits()
                    + " (" + why + "); not asked again");
            return Optional.empty();
        }
    }

    /** The answer-section records of {@code type} at {@code name}, or none when the server is silent. */
    private List<Record> answers(InetSocketAddress server, Name name, int type) {
        return ask(server, name, type).map(m -> owned(m.getSection(Section.ANSWER), name, type)).orElse(List.of());
    }

    private static List<Record> owned(List<Record> records, Name name, int type) {
        return records.stream().filter(r -> r.getType() == type && r.getName().equals(name)).toList();
    }

    private static Set<InetAddress> addressesOf(List<Record> records, int type) {
        Set<InetAddress> result = new LinkedHashSet<>();
        for (Record r : records) {
            if (type == Type.A && r instanceof ARecord a) {
                result.add(a.getAddress());
            } else if (type == Type.AAAA && r instanceof AAAARecord a) {
                result.add(a.getAddress());
            }
        }
        return result;
    }

    private static String rcode(Message m) {
        return Rcode.string(m.getRcode());
    }

    private static String names(Set<Name> names) {
        return names.stream().map(Name::toString).collect(Collectors.joining(" "));
    }

    private static String text(Set<?> items) {
        return items.stream().map(i -> i instanceof InetAddress a ? Addresses.text(a) : i.toString())
                .collect(Collectors.joining(", "));
    }

    private void add(Status status, String area, String subject, InetSocketAddress server, String detail) {
        add(status, area, subject, serverText(server), detail);
    }

    private void add(Status status, String area, String subject, String server, String detail) {
        findings.add(new Finding(status, area, subject, server, detail));
    }

    static String serverText(InetSocketAddress s) {
        String host = Addresses.text(s.getAddress());
        return (s.getAddress() instanceof Inet6Address ? "[" + host + "]" : host) + ":" + s.getPort();
    }
}
