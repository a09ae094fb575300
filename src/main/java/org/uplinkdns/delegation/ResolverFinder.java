package org.uplinkdns.delegation;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Finds a zone's authoritative servers through the system's recursive resolvers: the NS set of
 * the zone (or, when the name is not a zone apex, of the closest ancestor that is), then the
 * targets' addresses. Each question is bounded by the probe's limits.
 */
public final class ResolverFinder implements ParentCheck.ServerFinder {
    private static final int DNS_PORT = 53;

    private final DnsProbe probe;
    private final List<InetSocketAddress> resolvers;

    public ResolverFinder(DnsProbe probe, List<InetSocketAddress> resolvers) {
        this.probe = probe;
        this.resolvers = List.copyOf(resolvers);
    }

    @Override
    public ParentCheck.Servers find(Name zone) {
        if (resolvers.isEmpty()) {
            return none("no resolver configured on this host (/etc/resolv.conf)");
        }
        for (Name name = zone; name.labels() > 1; name = new Name(name, 1)) {
            Optional<Message> reply = ask(name, Type.NS);
            if (reply.isEmpty()) {
                return none("the resolver(s) " + via() + " did not answer (" + probe.limits() + " each)");
            }
            Name owner = name;
            List<Name> targets = reply.get().getSection(Section.ANSWER).stream()
                    .filter(r -> r instanceof NSRecord && r.getName().equals(owner))
                    .map(r -> ((NSRecord) r).getTarget()).distinct().toList();
            if (targets.isEmpty()) {
                continue;
            }
            Set<InetSocketAddress> servers = new LinkedHashSet<>();
            for (Name target : targets) {
                for (int type : new int[] {Type.A, Type.AAAA}) {
                    ask(target, type).ifPresent(m -> addresses(m).forEach(
                            a -> servers.add(new InetSocketAddress(a, DNS_PORT))));
                }
            }
            if (servers.isEmpty()) {
                return none("the resolver found NS " + targets + " for " + name + " but no address for them");
            }
            return new ParentCheck.Servers(List.copyOf(servers), "NS of " + name + " via " + via(), Optional.empty());
        }
        return none("no NS records for " + zone + " or any zone above it");
    }

    private Optional<Message> ask(Name name, int type) {
        for (InetSocketAddress r : resolvers) {
            try {
                return Optional.of(probe.query(r, name, type, true));
            } catch (IOException | RuntimeException e) {
                // try the next resolver
            }
        }
        return Optional.empty();
    }

    private static List<InetAddress> addresses(Message m) {
        List<InetAddress> result = new ArrayList<>();
        for (Record r : m.getSection(Section.ANSWER)) {
            if (r instanceof ARecord a) {
                result.add(a.getAddress());
            } else if (r instanceof AAAARecord a) {
                result.add(a.getAddress());
            }
        }
        return result;
    }

    private String via() {
        return resolvers.stream().map(ParentCheck::serverText).collect(Collectors.joining(", "));
    }

    private static ParentCheck.Servers none(String problem) {
        return new ParentCheck.Servers(List.of(), "system resolver", Optional.of(problem));
    }
}
