package org.uplinkdns.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uplinkdns.testsupport.Served;
import org.uplinkdns.view.Snapshot;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** What the server refuses to do, and the limits it keeps, at the answer layer. */
class RefusalRulesTest {
    private static final InetAddress ISP1 = ip("127.0.0.2");
    private static final InetAddress RESOLVER = ip("192.0.2.53");
    private static final InetAddress SECONDARY = ip("198.51.100.53");

    @TempDir
    Path dir;

    private final Responder responder = new Responder();

    @Test
    void namesOutsideOurZonesAreRefusedWithoutRecursionAvailable() throws IOException {
        Snapshot s = Served.snapshot(Served.demo(dir, ""));
        Message q = query("www.example.org.", Type.A, DClass.IN);
        q.getHeader().setFlag(Flags.RD);
        for (Transport t : Transport.values()) {
            Message r = reply(s, q, RESOLVER, t);
            assertEquals(Rcode.REFUSED, r.getRcode());
            assertFalse(r.getHeader().getFlag(Flags.RA), "no recursion offered");
            assertFalse(r.getHeader().getFlag(Flags.AA));
            assertTrue(r.getHeader().getFlag(Flags.RD), "RD is copied from the query");
            assertEquals(0, r.getSectionArray(Section.ANSWER).length);
        }
    }

    @Test
    void ourOwnAnswersNeverOfferRecursionEither() throws IOException {
        Snapshot s = Served.snapshot(Served.demo(dir, ""));
        Message q = query("www.example.net.", Type.A, DClass.IN);
        q.getHeader().setFlag(Flags.RD);
        Message r = reply(s, q, RESOLVER, Transport.UDP);
        assertEquals(Rcode.NOERROR, r.getRcode());
        assertFalse(r.getHeader().getFlag(Flags.RA));
    }

    @Test
    void zoneTransfersAreRefusedByDefault() throws IOException {
        Snapshot s = Served.snapshot(Served.demo(dir, ""));
        for (int type : new int[] {Type.AXFR, Type.IXFR}) {
            for (Transport t : Transport.values()) {
                Response r = responder.respond(s, query("example.net.", type, DClass.IN).toWire(), ISP1, SECONDARY, t);
                assertEquals(Rcode.REFUSED, new Message(r.wire()).getRcode(), Type.string(type) + " over " + t);
                assertTrue(r.more().isEmpty());
            }
        }
    }

    @Test
    void aClientOutsideTheTransferListIsRefusedAndOneInsideGetsTheWholeZoneOverTcp() throws IOException {
        Snapshot s = Served.snapshot(Served.demo(dir, "transfer: {allow: [198.51.100.0/24]}\n"));
        assertEquals(Rcode.REFUSED, transfer(s, "example.net.", Type.AXFR, RESOLVER).get(0).getRcode());

        List<Message> messages = transfer(s, "example.net.", Type.AXFR, SECONDARY);
        assertEquals(1, messages.size());
        Record[] answer = messages.get(0).getSectionArray(Section.ANSWER);
        assertEquals(Type.SOA, answer[0].getType());
        assertEquals(Type.SOA, answer[answer.length - 1].getType());
        assertEquals(13, answer.length, "SOA, 2 NS, 2 MX, 2 NS at the cut, 4 A, the wildcard A, SOA");
        assertTrue(messages.get(0).getHeader().getFlag(Flags.AA));
    }

    @Test
    void aLargeZoneIsTransferredInSeveralMessagesEachWithinTheTcpLimit() throws IOException {
        StringBuilder many = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            many.append("host").append(i).append(" IN TXT \"").append("x".repeat(40)).append("\"\n");
        }
        Snapshot s = Served.snapshot(Served.demo(dir, "transfer: {allow: [198.51.100.53]}\n", many.toString()));
        List<Message> messages = transfer(s, "example.net.", Type.AXFR, SECONDARY);
        assertTrue(messages.size() > 3, "messages: " + messages.size());
        int records = 0;
        for (Message m : messages) {
            records += m.getSectionArray(Section.ANSWER).length;
            assertEquals(Rcode.NOERROR, m.getRcode());
        }
        assertEquals(3013, records);
        assertEquals(Type.SOA, messages.get(0).getSectionArray(Section.ANSWER)[0].getType());
        Record[] last = messages.get(messages.size() - 1).getSectionArray(Section.ANSWER);
        assertEquals(Type.SOA, last[last.length - 1].getType());
    }

    @Test
    void ixfrIsAnsweredWithAFullTransfer() throws IOException {
        Snapshot s = Served.snapshot(Served.demo(dir, "transfer: {allow: [198.51.100.53]}\n"));
        Message q = query("example.net.", Type.IXFR, DClass.IN);
        q.addRecord(new SOARecord(Name.fromConstantString("example.net."), DClass.IN, 0,
                Name.root, Name.root, 0, 0, 0, 0, 0), Section.AUTHORITY);
        Response r = responder.respond(s, q.toWire(), ISP1, SECONDARY, Transport.TCP);
        Record[] answer = new Message(r.wire()).getSectionArray(Section.ANSWER);
        assertEquals(13, answer.length);
        assertEquals(Type.SOA, answer[0].getType());
    }

    @Test
    void anAllowedTransferOverUdpIsToldToUseTcp() throws IOException {
        Snapshot s = Served.snapshot(Served.demo(dir, "transfer: {allow: [198.51.100.53]}\n"));
        Response r = responder.respond(s, query("example.net.", Type.AXFR, DClass.IN).toWire(), ISP1, SECONDARY,
                Transport.UDP);
        Message m = new Message(r.wire());
        assertTrue(m.getHeader().getFlag(Flags.TC));
        assertEquals(0, m.getSectionArray(Section.ANSWER).length);
    }

    @Test
    void aTransferOfANameThatIsNotAZoneApexIsNotAuth() throws IOException {
        Snapshot s = Served.snapshot(Served.demo(dir, "transfer: {allow: [198.51.100.53]}\n"));
        assertEquals(Rcode.NOTAUTH, transfer(s, "mail-gw-1.example.net.", Type.AXFR, SECONDARY).get(0).getRcode());
    }

    @Test
    void versionAndHostnameAreNotToldUnlessConfigured() throws IOException {
        Snapshot off = Served.snapshot(Served.demo(dir, ""));
        for (String name : new String[] {"version.bind.", "hostname.bind.", "version.server.", "id.server."}) {
            Message r = reply(off, query(name, Type.TXT, DClass.CH), RESOLVER, Transport.UDP);
            assertEquals(Rcode.REFUSED, r.getRcode(), name);
            assertEquals(0, r.getSectionArray(Section.ANSWER).length);
        }
    }

    @Test
    void configuredChaosAnswersTellWhatTheOperatorChose() throws IOException {
        Snapshot on = Served.snapshot(Served.demo(dir, "chaos: {version: \"uplinkdns\", hostname: gw1}\n"));
        Message v = reply(on, query("VERSION.BIND.", Type.TXT, DClass.CH), RESOLVER, Transport.UDP);
        assertEquals(Rcode.NOERROR, v.getRcode());
        TXTRecord txt = (TXTRecord) v.getSectionArray(Section.ANSWER)[0];
        assertEquals(DClass.CH, txt.getDClass());
        assertEquals(List.of("uplinkdns"), txt.getStrings());
        Message h = reply(on, query("hostname.bind.", Type.TXT, DClass.CH), RESOLVER, Transport.UDP);
        assertEquals(List.of("gw1"), ((TXTRecord) h.getSectionArray(Section.ANSWER)[0]).getStrings());
        Message other = reply(on, query("authors.bind.", Type.TXT, DClass.CH), RESOLVER, Transport.UDP);
        assertEquals(Rcode.REFUSED, other.getRcode());
    }

    @Test
    void anyIsAnsweredWithOneRRsetOnly() throws IOException {
        Snapshot s = Served.snapshot(Served.demo(dir, ""));
        Message r = reply(s, query("example.net.", Type.ANY, DClass.IN), RESOLVER, Transport.UDP);
        Record[] answer = r.getSectionArray(Section.ANSWER);
        assertTrue(answer.length >= 1);
        for (Record rec : answer) {
            assertEquals(answer[0].getType(), rec.getType(), "one RRset, not the whole apex");
        }
    }

    @Test
    void noUdpAnswerIsLargerThanTheBufferTheQueryOffered() throws IOException {
        StringBuilder big = new StringBuilder();
        for (int i = 1; i <= 120; i++) {
            big.append("big IN A 192.0.2.").append(i).append('\n');
        }
        Snapshot s = Served.snapshot(Served.demo(dir, "", big.toString()));
        Message plain = query("big.example.net.", Type.A, DClass.IN);
        byte[] wire = responder.respond(s, plain.toWire(), ISP1, RESOLVER, Transport.UDP).wire();
        assertTrue(wire.length <= 512, "no EDNS: 512 bytes, got " + wire.length);
        assertTrue(new Message(wire).getHeader().getFlag(Flags.TC));

        for (int offered : new int[] {512, 1232, 4096, 65535}) {
            Message edns = query("big.example.net.", Type.A, DClass.IN);
            edns.addRecord(new OPTRecord(offered, 0, 0, 0, List.<EDNSOption>of()), Section.ADDITIONAL);
            byte[] w = responder.respond(s, edns.toWire(), ISP1, RESOLVER, Transport.UDP).wire();
            assertTrue(w.length <= Math.min(offered, Responder.MAX_UDP_PAYLOAD), offered + " offered, got " + w.length);
            assertTrue(new Message(w).getHeader().getFlag(Flags.TC), "120 addresses never fit a UDP reply");
        }
        byte[] tcp = responder.respond(s, plain.toWire(), ISP1, RESOLVER, Transport.TCP).wire();
        assertEquals(120, new Message(tcp).getSectionArray(Section.ANSWER).length, "over TCP the whole RRset");
    }

    @Test
    void eachResponseNamesWhatRateLimitingAccountsItTo() throws IOException {
        Snapshot s = Served.snapshot(Served.demo(dir, ""));
        assertKind(s, "mail-gw-1.example.net.", Type.A, ResponseClass.ANSWER, "mail-gw-1.example.net.");
        assertKind(s, "mail-gw-1.example.net.", Type.AAAA, ResponseClass.NODATA, "mail-gw-1.example.net.");
        assertKind(s, "random123.example.net.", Type.A, ResponseClass.NXDOMAIN, "example.net.");
        assertKind(s, "a.b.wild.example.net.", Type.A, ResponseClass.ANSWER, "*.wild.example.net.");
        assertKind(s, "deep.www.example.net.", Type.A, ResponseClass.NXDOMAIN, "www.example.net.");
        assertKind(s, "www.example.org.", Type.A, ResponseClass.ERROR, null);
        // a query on the LAN listener for a name below the delegation the LAN does not serve: referral
        Snapshot parentOnly = Served.snapshot(Served.write(dir, """
                port: 0
                uplinks: [{name: isp1, address: 127.0.0.2}]
                zones: [{name: example.net, file: example.zone}]
                """, java.util.Map.of("example.zone", Served.EXAMPLE_NET)));
        assertKind(parentOnly, "x.www.example.net.", Type.A, ResponseClass.REFERRAL, "www.example.net.");
    }

    private void assertKind(Snapshot s, String name, int type, ResponseClass kind, String rrlName) {
        Response r = responder.respond(s, query(name, type, DClass.IN).toWire(), ISP1, RESOLVER, Transport.UDP);
        assertEquals(kind, r.kind(), name);
        if (rrlName == null) {
            assertNull(r.rrlName());
        } else {
            assertEquals(Name.fromConstantString(rrlName), r.rrlName(), name);
        }
    }

    private List<Message> transfer(Snapshot s, String zone, int type, InetAddress client) throws IOException {
        Response r = responder.respond(s, query(zone, type, DClass.IN).toWire(), ISP1, client, Transport.TCP);
        List<Message> all = new ArrayList<>();
        all.add(new Message(r.wire()));
        for (byte[] more : r.more()) {
            assertTrue(more.length <= 65535);
            all.add(new Message(more));
        }
        return all;
    }

    @Test
    void aSlippedReplyIsTheQuestionWithTcAndKeepsEdnsWhenTheQueryHadIt() throws IOException {
        Snapshot s = Served.snapshot(Served.demo(dir, ""));
        Message edns = query("www.example.net.", Type.A, DClass.IN);
        edns.addRecord(new OPTRecord(1232, 0, 0, org.xbill.DNS.ExtendedFlags.DO), Section.ADDITIONAL);
        Message plain = query("nosuch.www.example.net.", Type.A, DClass.IN);
        for (Message q : List.of(edns, plain)) {
            Response full = responder.respond(s, q.toWire(), ISP1, RESOLVER, Transport.UDP);
            byte[] slipped = Slip.of(full.wire());
            Message m = new Message(slipped);
            assertTrue(m.getHeader().getFlag(Flags.TC), "TC tells the resolver to retry over TCP");
            assertEquals(q.getQuestion(), m.getQuestion());
            assertEquals(0, m.getSectionArray(Section.ANSWER).length);
            assertEquals(0, m.getSectionArray(Section.AUTHORITY).length);
            OPTRecord opt = m.getOPT();
            if (q == edns) {
                assertTrue(opt != null, "an EDNS query gets an EDNS reply (RFC 6891)");
                assertEquals(1232, opt.getPayloadSize());
                assertTrue((opt.getFlags() & org.xbill.DNS.ExtendedFlags.DO) != 0, "DO is echoed");
            } else {
                assertNull(opt, "no OPT for a query without one");
            }
            assertTrue(slipped.length <= q.toWire().length + 11, "never larger than the query and an OPT");
        }
    }

    private Message reply(Snapshot s, Message q, InetAddress client, Transport t) throws IOException {
        return new Message(responder.respond(s, q.toWire(), ISP1, client, t).wire());
    }

    private static Message query(String name, int type, int dclass) {
        return Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, dclass));
    }

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
