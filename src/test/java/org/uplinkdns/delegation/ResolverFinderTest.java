package org.uplinkdns.delegation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.uplinkdns.delegation.Fixtures.ip;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Finding a parent's servers through a recursive resolver (here a fake one: nothing is sent). */
class ResolverFinderTest {
    private static final InetSocketAddress RESOLVER = new InetSocketAddress(ip("127.0.4.53"), 53);

    /** A resolver that knows the NS of example.net. and the addresses of its two servers. */
    private static final class FakeResolver implements DnsProbe {
        final List<String> asked = new ArrayList<>();
        final Map<String, List<Record>> data = Map.of(
                "example.net./NS", List.of(
                        new NSRecord(name("example.net."), DClass.IN, 3600, name("ns1.provider.example.")),
                        new NSRecord(name("example.net."), DClass.IN, 3600, name("ns2.provider.example."))),
                "ns1.provider.example./A", List.of(new ARecord(name("ns1.provider.example."), DClass.IN, 3600,
                        ip("127.0.4.61"))),
                "ns2.provider.example./A", List.of(new ARecord(name("ns2.provider.example."), DClass.IN, 3600,
                        ip("127.0.4.62"))));

        @Override
        public Message query(InetSocketAddress server, Name qname, int type, boolean recursive) throws IOException {
            assertTrue(recursive, "questions to a resolver ask for recursion");
            asked.add(qname + "/" + Type.string(type));
            Message m = Message.newQuery(Record.newRecord(qname, type, DClass.IN));
            m.getHeader().setRcode(Rcode.NOERROR);
            data.getOrDefault(qname + "/" + Type.string(type), List.of()).forEach(r -> m.addRecord(r, Section.ANSWER));
            return m;
        }

        @Override
        public String limits() {
            return "1 try of 1s";
        }
    }

    private static Name name(String text) {
        return Name.fromConstantString(text);
    }

    @Test
    void theParentsNsTargetsAreResolvedToServersOnPort53() {
        FakeResolver resolver = new FakeResolver();
        ParentCheck.Servers servers = new ResolverFinder(resolver, List.of(RESOLVER)).find(name("example.net."));
        assertEquals(List.of(new InetSocketAddress(ip("127.0.4.61"), 53), new InetSocketAddress(ip("127.0.4.62"), 53)),
                servers.addresses());
        assertEquals("NS of example.net. via 127.0.4.53:53", servers.source());
    }

    @Test
    void aNameThatIsNoZoneApexWalksUpToTheZoneThatHoldsIt() {
        FakeResolver resolver = new FakeResolver();
        ParentCheck.Servers servers = new ResolverFinder(resolver, List.of(RESOLVER)).find(name("mail.example.net."));
        assertEquals(2, servers.addresses().size());
        assertEquals("mail.example.net./NS", resolver.asked.get(0));
        assertEquals("example.net./NS", resolver.asked.get(1));
    }

    @Test
    void aSilentResolverIsReportedNotWaitedOnForever() {
        DnsProbe silent = new DnsProbe() {
            @Override
            public Message query(InetSocketAddress server, Name qname, int type, boolean recursive) throws IOException {
                throw new SocketTimeoutException("timed out");
            }

            @Override
            public String limits() {
                return "2 tries of 2s";
            }
        };
        ParentCheck.Servers servers = new ResolverFinder(silent, List.of(RESOLVER)).find(name("example.net."));
        assertTrue(servers.addresses().isEmpty());
        assertEquals("the resolver(s) 127.0.4.53:53 did not answer (2 tries of 2s each)", servers.problem().orElseThrow());
    }

    @Test
    void noResolverConfiguredIsSaid() {
        ParentCheck.Servers servers = new ResolverFinder(new FakeResolver(), List.of()).find(name("example.net."));
        assertTrue(servers.problem().orElseThrow().startsWith("no resolver configured"));
    }
}
