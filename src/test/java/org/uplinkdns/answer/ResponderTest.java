package org.uplinkdns.answer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.xbill.DNS.Type.A;
import static org.xbill.DNS.Type.AAAA;
import static org.xbill.DNS.Type.ANY;
import static org.xbill.DNS.Type.CNAME;
import static org.xbill.DNS.Type.DS;
import static org.xbill.DNS.Type.MX;
import static org.xbill.DNS.Type.NS;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The answer layer as a specification: given these zones and uplinks, a query for X received on
 * address Y gets answer Z. Uplink isp1 receives on 127.0.0.2 and hands out 198.51.100.10 (NAT);
 * isp2 receives on 127.0.0.3 and has no public address; 127.0.0.1 is a LAN listener (the
 * {@code internal} view).
 */
class ResponderTest {

    static final String CONFIG = """
            port: 0
            uplinks:
              - name: isp1
                address: 127.0.0.2
                public: 198.51.100.10
              - name: isp2
                address: 127.0.0.3
            listen:
              - 127.0.0.1
            zones:
              - name: example.com
                file: example.com.zone
              - name: example.net
                file: example.net.zone
              - name: www.example.net
                file: www.example.net.zone
              - name: cut.example
                file: cut.example.zone
              - name: size.example
                file: size.example.zone
            self:
              - name: www.example.net
                types: [A, AAAA]
                ttl: 10
            """;

    /** Negative TTL 300: the SOA MINIMUM is below the SOA TTL. */
    static final String EXAMPLE_COM = """
            $ORIGIN example.com.
            $TTL 3600
            @        IN SOA ns1 hostmaster ( 1 7200 3600 864000 300 )
                     IN NS  ns1
                     IN NS  ns2
                     IN MX  10 mail
            ns1      IN A   192.0.2.1
            ns2      IN A   192.0.2.2
            mail     IN A   192.0.2.25
            www      IN A   192.0.2.80
            www      IN TXT "web"
            a.b.c    IN A   192.0.2.3      ; b.c and c exist only as empty non-terminals
            alias    IN CNAME www
            chain1   IN CNAME chain2
            chain2   IN CNAME www
            dangling IN CNAME nosuch
            away     IN CNAME www.example.org.
            loop1    IN CNAME loop2
            loop2    IN CNAME loop1
            *.wild   IN A   192.0.2.99
            *.wild   IN MX  10 mail
            host.wild IN TXT "explicit"
            x.y.wild IN A   192.0.2.98     ; y.wild is an empty non-terminal
            *.wc     IN CNAME www
            sub      IN NS  ns1.sub
            sub      IN NS  ns1
            sub      IN NS  ns.example.org.
            sub      IN DS  12345 13 2 E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CFC41A5766
            ns1.sub  IN A   192.0.2.53
            *.sub    IN A   192.0.2.77     ; below the cut: occluded, never answered
            """;

    /** The demo's parent zone; negative TTL 120: the SOA TTL is below the SOA MINIMUM. */
    static final String EXAMPLE_NET = """
            $ORIGIN example.net.
            $TTL 3600
            @ 120 IN SOA www-ns1 hostmaster 1 7200 3600 864000 600
                  IN NS www-ns1
                  IN NS www-ns2
            www     IN NS www-ns1
            www     IN NS www-ns2
            www-ns1 IN A  198.51.100.10
            www-ns2 IN A  203.0.113.10
            """;

    /** The demo's child zone: the self record supplies www.example.net A/AAAA. */
    static final String WWW_EXAMPLE_NET = """
            $ORIGIN www.example.net.
            $TTL 86400
            @ IN SOA www-ns1.example.net. hostmaster.example.net. (
                    1      ; serial
                    28800  ; refresh
                    7200   ; retry
                    864000 ; expire
                    60 )   ; negative-caching TTL
              IN NS www-ns1.example.net.
              IN NS www-ns2.example.net.
            """;

    /** A wildcard at the apex and a delegation beside it. */
    static final String CUT_EXAMPLE = """
            $ORIGIN cut.example.
            $TTL 300
            @        IN SOA ns hostmaster 1 7200 3600 864000 300
                     IN NS  ns
            ns       IN A   192.0.2.1
            *        IN A   192.0.2.66
            deleg    IN NS  ns.deleg
            ns.deleg IN A   192.0.2.67
            """;

    static ServedZones served;

    @BeforeAll
    static void load(@TempDir Path dir) {
        served = ServedZones.load(dir, CONFIG,
                "example.com.zone", EXAMPLE_COM,
                "example.net.zone", EXAMPLE_NET,
                "www.example.net.zone", WWW_EXAMPLE_NET,
                "cut.example.zone", CUT_EXAMPLE,
                "size.example.zone", sizeZone());
    }

    /** Big RRsets for the size limits: aN holds N A records; mx 12 MX targets with 3 addresses each; deep a delegation with 13 in-domain nameservers of 4 addresses each. */
    static String sizeZone() {
        StringBuilder z = new StringBuilder("""
                $ORIGIN size.example.
                $TTL 300
                @ IN SOA ns hostmaster 1 7200 3600 864000 300
                  IN NS ns
                ns IN A 192.0.2.1
                """);
        for (int n : new int[] {20, 30, 40, 70, 100}) {
            for (int i = 1; i <= n; i++) {
                z.append("a").append(n).append(" IN A 198.51.100.").append(i).append('\n');
            }
        }
        for (int i = 1; i <= 12; i++) {
            z.append("mx IN MX ").append(i).append(" mx").append(i).append('\n');
            for (int j = 1; j <= 3; j++) {
                z.append("mx").append(i).append(" IN A 203.0.113.").append(i * 10 + j).append('\n');
            }
        }
        for (int i = 1; i <= 13; i++) {
            z.append("deep IN NS ns").append(i).append(".deep\n");
            for (int j = 1; j <= 4; j++) {
                z.append("ns").append(i).append(".deep IN A 192.0.2.").append(i * 10 + j).append('\n');
            }
        }
        return z.toString();
    }

    static final String COM_SOA = "AUTHORITY example.com. 300 IN SOA ns1.example.com. hostmaster.example.com. 1 7200 3600 864000 300\n";
    static final String NET_SOA = "AUTHORITY example.net. 120 IN SOA www-ns1.example.net. hostmaster.example.net. 1 7200 3600 864000 600\n";
    static final String WWW_SOA = "AUTHORITY www.example.net. 60 IN SOA www-ns1.example.net. hostmaster.example.net. 1 28800 7200 864000 60\n";
    static final String SUB_REFERRAL = """
            NOERROR
            AUTHORITY sub.example.com. 3600 IN NS ns1.sub.example.com.
            AUTHORITY sub.example.com. 3600 IN NS ns1.example.com.
            AUTHORITY sub.example.com. 3600 IN NS ns.example.org.
            ADDITIONAL ns1.sub.example.com. 3600 IN A 192.0.2.53
            ADDITIONAL ns1.example.com. 3600 IN A 192.0.2.1
            """;

    static DynamicTest expect(String behaviour, Query query, String expected) {
        return DynamicTest.dynamicTest(behaviour, () -> assertEquals(expected, served.ask(query).text(), behaviour));
    }

    static Query q(String name, int type) {
        return Query.of(name, type);
    }

    @TestFactory
    Stream<DynamicTest> authoritativeAnswers() {
        return Stream.of(
                expect("an existing name is answered with AA set", q("www.example.com", A), """
                        NOERROR aa
                        ANSWER www.example.com. 3600 IN A 192.0.2.80
                        """),
                expect("a missing name is NXDOMAIN with the SOA at min(SOA TTL, MINIMUM) = MINIMUM",
                        q("nosuch.example.com", A), "NXDOMAIN aa\n" + COM_SOA),
                expect("a missing type is NODATA with the SOA at the negative TTL", q("www.example.com", AAAA),
                        "NOERROR aa\n" + COM_SOA),
                expect("the negative TTL is the SOA's own TTL when that is below MINIMUM", q("nosuch.example.net", A),
                        "NXDOMAIN aa\n" + NET_SOA),
                expect("an empty non-terminal is NODATA, not NXDOMAIN", q("b.c.example.com", A), "NOERROR aa\n" + COM_SOA),
                expect("the topmost empty non-terminal is NODATA too", q("c.example.com", A), "NOERROR aa\n" + COM_SOA),
                expect("the apex MX set comes with its target's address", q("example.com", MX), """
                        NOERROR aa
                        ANSWER example.com. 3600 IN MX 10 mail.example.com.
                        ADDITIONAL mail.example.com. 3600 IN A 192.0.2.25
                        """),
                expect("the apex NS set comes with the nameservers' addresses", q("example.com", NS), """
                        NOERROR aa
                        ANSWER example.com. 3600 IN NS ns1.example.com.
                        ANSWER example.com. 3600 IN NS ns2.example.com.
                        ADDITIONAL ns1.example.com. 3600 IN A 192.0.2.1
                        ADDITIONAL ns2.example.com. 3600 IN A 192.0.2.2
                        """),
                expect("the question name is not case sensitive", q("WWW.Example.COM", A), """
                        NOERROR aa
                        ANSWER WWW.Example.COM. 3600 IN A 192.0.2.80
                        """));
    }

    @TestFactory
    Stream<DynamicTest> referrals() {
        return Stream.of(
                expect("a name below a delegation gets a referral without AA, with glue", q("host.sub.example.com", A),
                        SUB_REFERRAL),
                expect("the delegation point itself gets the referral", q("sub.example.com", A), SUB_REFERRAL),
                expect("an NS query at the cut gets the referral, not an authoritative answer", q("sub.example.com", NS),
                        SUB_REFERRAL),
                expect("data below the cut is occluded: a wildcard there is never answered", q("x.sub.example.com", A),
                        SUB_REFERRAL),
                expect("DS at the cut is answered from the parent, authoritatively", q("sub.example.com", DS), """
                        NOERROR aa
                        ANSWER sub.example.com. 3600 IN DS 12345 13 2 E2D3C916F6DEEAC73294E8268FB5885044A833FC5459588F4A9184CFC41A5766
                        """),
                expect("DS for a child zone served here too comes from the parent zone", q("www.example.net", DS),
                        "NOERROR aa\n" + NET_SOA),
                expect("a wildcard above a delegation does not apply below it", q("host.deleg.cut.example", A), """
                        NOERROR
                        AUTHORITY deleg.cut.example. 300 IN NS ns.deleg.cut.example.
                        ADDITIONAL ns.deleg.cut.example. 300 IN A 192.0.2.67
                        """),
                expect("the wildcard beside the delegation still answers other names", q("other.cut.example", A), """
                        NOERROR aa
                        ANSWER other.cut.example. 300 IN A 192.0.2.66
                        """));
    }

    @TestFactory
    Stream<DynamicTest> cnames() {
        return Stream.of(
                expect("a CNAME is followed inside the zone", q("alias.example.com", A), """
                        NOERROR aa
                        ANSWER alias.example.com. 3600 IN CNAME www.example.com.
                        ANSWER www.example.com. 3600 IN A 192.0.2.80
                        """),
                expect("a chain of CNAMEs is followed to the end", q("chain1.example.com", A), """
                        NOERROR aa
                        ANSWER chain1.example.com. 3600 IN CNAME chain2.example.com.
                        ANSWER chain2.example.com. 3600 IN CNAME www.example.com.
                        ANSWER www.example.com. 3600 IN A 192.0.2.80
                        """),
                expect("a CNAME to a missing name is NXDOMAIN for the target (RFC 6604)", q("dangling.example.com", A),
                        "NXDOMAIN aa\nANSWER dangling.example.com. 3600 IN CNAME nosuch.example.com.\n" + COM_SOA),
                expect("a CNAME to an existing name without the type is NODATA", q("alias.example.com", AAAA),
                        "NOERROR aa\nANSWER alias.example.com. 3600 IN CNAME www.example.com.\n" + COM_SOA),
                expect("a CNAME leaving the zone stops there", q("away.example.com", A), """
                        NOERROR aa
                        ANSWER away.example.com. 3600 IN CNAME www.example.org.
                        """),
                expect("a CNAME loop terminates", q("loop1.example.com", A), """
                        NOERROR aa
                        ANSWER loop1.example.com. 3600 IN CNAME loop2.example.com.
                        ANSWER loop2.example.com. 3600 IN CNAME loop1.example.com.
                        """),
                expect("a CNAME query returns the CNAME itself", q("alias.example.com", CNAME), """
                        NOERROR aa
                        ANSWER alias.example.com. 3600 IN CNAME www.example.com.
                        """));
    }

    @TestFactory
    Stream<DynamicTest> wildcards() {
        return Stream.of(
                expect("a wildcard answers a missing name, owned by the query name", q("anything.wild.example.com", A), """
                        NOERROR aa
                        ANSWER anything.wild.example.com. 3600 IN A 192.0.2.99
                        """),
                expect("a wildcard answers names several labels below it", q("a.b.wild.example.com", A), """
                        NOERROR aa
                        ANSWER a.b.wild.example.com. 3600 IN A 192.0.2.99
                        """),
                expect("a wildcard MX brings its target's address", q("anything.wild.example.com", MX), """
                        NOERROR aa
                        ANSWER anything.wild.example.com. 3600 IN MX 10 mail.example.com.
                        ADDITIONAL mail.example.com. 3600 IN A 192.0.2.25
                        """),
                expect("a wildcard without the type is NODATA", q("anything.wild.example.com", AAAA),
                        "NOERROR aa\n" + COM_SOA),
                expect("an existing name beside the wildcard is not covered by it", q("host.wild.example.com", A),
                        "NOERROR aa\n" + COM_SOA),
                expect("a name below an existing name is NXDOMAIN: its closest encloser has no wildcard",
                        q("deeper.host.wild.example.com", A), "NXDOMAIN aa\n" + COM_SOA),
                expect("an empty non-terminal blocks the wildcard above it (RFC 4592 §2.2.2)", q("z.y.wild.example.com", A),
                        "NXDOMAIN aa\n" + COM_SOA),
                expect("a wildcard CNAME is followed, owned by the query name", q("anything.wc.example.com", A), """
                        NOERROR aa
                        ANSWER anything.wc.example.com. 3600 IN CNAME www.example.com.
                        ANSWER www.example.com. 3600 IN A 192.0.2.80
                        """),
                expect("the wildcard name itself is an ordinary name", q("*.wild.example.com", A), """
                        NOERROR aa
                        ANSWER *.wild.example.com. 3600 IN A 192.0.2.99
                        """));
    }

    @TestFactory
    Stream<DynamicTest> selfNames() {
        return Stream.of(
                expect("A on uplink isp1 answers isp1's public address", q("www.example.net", A).on("127.0.0.2"), """
                        NOERROR aa
                        ANSWER www.example.net. 10 IN A 198.51.100.10
                        """),
                expect("A on uplink isp2, which has no public address, answers the receiving address",
                        q("www.example.net", A).on("127.0.0.3"), """
                        NOERROR aa
                        ANSWER www.example.net. 10 IN A 127.0.0.3
                        """),
                expect("AAAA on an uplink without IPv6 is NODATA", q("www.example.net", AAAA).on("127.0.0.3"),
                        "NOERROR aa\n" + WWW_SOA),
                expect("AAAA on an uplink with only a public IPv4 address is NODATA", q("www.example.net", AAAA).on("127.0.0.2"),
                        "NOERROR aa\n" + WWW_SOA),
                expect("the internal view answers every uplink's address", q("www.example.net", A).on("127.0.0.1"), """
                        NOERROR aa
                        ANSWER www.example.net. 10 IN A 198.51.100.10
                        ANSWER www.example.net. 10 IN A 127.0.0.3
                        """),
                expect("the rest of the child zone is ordinary data in every view", q("nosuch.www.example.net", A).on("127.0.0.3"),
                        "NXDOMAIN aa\n" + WWW_SOA));
    }

    @Test
    void aViewWithItsOwnZoneFileSeesThatFileAndItsExplicitAddressWinsOverTheSelfRecord(@TempDir Path dir) {
        String zoneHeader = """
                $ORIGIN www.example.net.
                $TTL 300
                @ IN SOA www-ns1.example.net. hostmaster.example.net. 1 28800 7200 864000 60
                  IN NS www-ns1.example.net.
                """;
        ServedZones views = ServedZones.load(dir, """
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                    public: 198.51.100.10
                listen: [127.0.0.1]
                zones:
                  - name: www.example.net
                    file: shared.zone
                    views:
                      internal: lan.zone
                self:
                  - name: www.example.net
                """,
                "shared.zone", zoneHeader,
                "lan.zone", zoneHeader + """
                        @        IN A 192.0.2.80
                        intranet IN A 192.0.2.8
                        """);
        assertEquals("""
                NOERROR aa
                ANSWER www.example.net. 300 IN A 192.0.2.80
                """, views.ask(q("www.example.net", A).on("127.0.0.1")).text(), "the LAN view's explicit A");
        assertEquals("""
                NOERROR aa
                ANSWER intranet.www.example.net. 300 IN A 192.0.2.8
                """, views.ask(q("intranet.www.example.net", A).on("127.0.0.1")).text(), "data only in the LAN file");
        assertEquals("""
                NOERROR aa
                ANSWER www.example.net. 10 IN A 198.51.100.10
                """, views.ask(q("www.example.net", A).on("127.0.0.2")).text(), "the uplink keeps the self record");
        assertEquals(Rcode.NXDOMAIN, views.ask(q("intranet.www.example.net", A).on("127.0.0.2")).rcode(),
                "the uplink view does not see the LAN file");
    }

    // ---- Question and header rules ----

    @Test
    void namesOutsideEveryZoneAreRefusedWithoutAa() {
        Reply r = served.ask(q("example.org", A));
        assertEquals("REFUSED\n", r.text());
        assertEquals("REFUSED\n", served.ask(q("net", NS)).text(), "the parent of a served zone is not served");
    }

    @Test
    void classesOtherThanInAreRefused() {
        for (int dclass : new int[] {DClass.CH, DClass.HS, DClass.ANY}) {
            Reply r = served.ask(q("www.example.com", A).dclass(dclass));
            assertEquals(Rcode.REFUSED, r.rcode(), DClass.string(dclass));
            assertEquals(0, r.answer().size(), DClass.string(dclass));
        }
        assertEquals(Rcode.REFUSED, served.ask(q("version.bind", Type.TXT).dclass(DClass.CH)).rcode());
    }

    @Test
    void opcodesOtherThanQueryAreNotImplemented() {
        for (int opcode : new int[] {Opcode.IQUERY, Opcode.STATUS, Opcode.NOTIFY, Opcode.UPDATE, 3, 15}) {
            Reply r = served.ask(q("example.com", Type.SOA).opcode(opcode));
            assertEquals(Rcode.NOTIMP, r.rcode(), "opcode " + opcode);
            assertEquals(opcode, r.message().getHeader().getOpcode(), "opcode copied");
            assertFalse(r.flag(Flags.AA));
        }
    }

    @Test
    void queryWithoutQuestionIsFormerr() {
        Response r = served.raw(header(0x4242, 0x0100, 0, 0, 0, 0), "127.0.0.2", Transport.UDP);
        Reply reply = Reply.of(r);
        assertEquals(Rcode.FORMERR, reply.rcode());
        assertEquals(0x4242, reply.message().getHeader().getID());
        assertTrue(reply.flag(Flags.QR));
    }

    @Test
    void queryWithTwoQuestionsIsFormerr() {
        byte[] wire = concat(header(0x4243, 0x0100, 2, 0, 0, 0), question("www.example.com", A),
                question("example.com", NS));
        Reply reply = Reply.of(served.raw(wire, "127.0.0.2", Transport.UDP));
        assertEquals(Rcode.FORMERR, reply.rcode());
        assertEquals(0x4243, reply.message().getHeader().getID());
        assertEquals(0, reply.message().getHeader().getCount(Section.QUESTION));
    }

    @Test
    void unparsableQuestionIsFormerrWithTheIdEchoed() {
        byte[] cut = concat(header(0x4244, 0x0100, 1, 0, 0, 0), new byte[] {20, 'w', 'w', 'w'});
        byte[] noType = concat(header(0x4245, 0x0100, 1, 0, 0, 0), new byte[] {3, 'w', 'w', 'w', 0, 0});
        byte[] lyingCount = concat(header(0x4246, 0x0100, 1, 3, 0, 0), question("www.example.com", A));
        for (byte[] wire : List.of(cut, noType, lyingCount)) {
            Reply reply = Reply.of(served.raw(wire, "127.0.0.2", Transport.UDP));
            assertEquals(Rcode.FORMERR, reply.rcode());
            assertEquals(((wire[0] & 0xff) << 8) | (wire[1] & 0xff), reply.message().getHeader().getID());
        }
    }

    @Test
    void twoOptRecordsAreFormerr() {
        Message m = q("www.example.com", A).edns(1232).message();
        m.addRecord(new OPTRecord(1232, 0, 0), Section.ADDITIONAL);
        Reply reply = Reply.of(served.raw(m.toWire(), "127.0.0.2", Transport.UDP));
        assertEquals(Rcode.FORMERR, reply.rcode());
        assertTrue(reply.answer().isEmpty());
    }

    @Test
    void ednsVersionOneGetsBadversWithAnOpt() {
        Reply reply = served.ask(q("www.example.com", A).ednsVersion(1));
        assertEquals(Rcode.BADVERS, reply.rcode(), "extended rcode 16");
        assertNotNull(reply.opt(), "BADVERS travels in the OPT record");
        assertEquals(0, reply.opt().getVersion());
        assertTrue(reply.answer().isEmpty());
    }

    @Test
    void anyGetsOneRrsetOnly() {
        Reply reply = served.ask(q("www.example.com", ANY));
        assertEquals("""
                NOERROR aa
                ANSWER www.example.com. 3600 IN A 192.0.2.80
                """, reply.text(), "the name holds A and TXT; ANY gets one RRset (RFC 8482)");
        Reply apex = served.ask(q("example.com", ANY));
        assertEquals(1, apex.message().getSectionRRsets(Section.ANSWER).size(), apex.text());
        assertTrue(apex.flag(Flags.AA));
    }

    @Test
    void questionCaseIsPreserved() {
        Reply reply = served.ask(q("WwW.ExAmPlE.NeT", A).on("127.0.0.2"));
        Record question = reply.message().getQuestion();
        assertEquals("WwW.ExAmPlE.NeT.", question.getName().toString());
        assertEquals(List.of("198.51.100.10"), reply.answer().stream().map(Record::rdataToString).toList());
    }

    @Test
    void idIsEchoedRdCopiedRaClear() {
        Reply withRd = served.ask(q("www.example.com", A).id(0xbeef));
        assertEquals(0xbeef, withRd.message().getHeader().getID());
        assertTrue(withRd.flag(Flags.QR));
        assertTrue(withRd.flag(Flags.RD), "RD copied");
        assertFalse(withRd.flag(Flags.RA), "no recursion offered");
        Reply withoutRd = served.ask(q("www.example.com", A).id(0).noRecursionDesired());
        assertEquals(0, withoutRd.message().getHeader().getID());
        assertFalse(withoutRd.flag(Flags.RD), "RD copied when clear");
        assertFalse(withoutRd.flag(Flags.RA));
    }

    @Test
    void cdIsCopied() {
        assertTrue(served.ask(q("www.example.com", A).checkingDisabled()).flag(Flags.CD));
        assertFalse(served.ask(q("www.example.com", A)).flag(Flags.CD));
    }

    @Test
    void zoneTransfersAreRefused() {
        for (int type : new int[] {Type.AXFR, Type.IXFR}) {
            Reply r = served.ask(q("example.com", type).tcp());
            assertEquals(Rcode.REFUSED, r.rcode(), Type.string(type));
            assertTrue(r.answer().isEmpty(), Type.string(type));
        }
    }

    @Test
    void responsesAreDroppedNeverAnswered() {
        byte[] response = q("www.example.com", A).wire();
        response[2] |= (byte) 0x80;
        Response r = served.raw(response, "127.0.0.2", Transport.UDP);
        assertNull(r.wire(), "a packet with QR=1 gets no reply: no reflection loops");
        assertEquals(Response.Drop.RESPONSE, r.drop());
    }

    @Test
    void packetsShorterThanAHeaderAreDropped() {
        for (int length = 0; length < 12; length++) {
            Response r = served.raw(new byte[length], "127.0.0.2", Transport.UDP);
            assertNull(r.wire(), length + " bytes");
            assertEquals(Response.Drop.SHORT, r.drop());
        }
    }

    // ---- EDNS and size limits ----

    @Test
    void noOptInTheReplyWhenTheQueryHadNone() {
        Reply r = served.ask(q("www.example.com", A));
        assertNull(r.opt());
        assertFalse(r.flag(Flags.TC));
    }

    @Test
    void withoutEdnsAnAnswerOver512BytesIsTruncated() {
        Reply r = served.ask(q("a40.size.example", A));
        assertTrue(r.flag(Flags.TC));
        assertTrue(r.size() <= 512, "size " + r.size());
        assertNull(r.opt());
    }

    @Test
    void withEdnsTheReplyAdvertises1232AndTheSameAnswerFits() {
        Reply r = served.ask(q("a40.size.example", A).edns(1232));
        assertFalse(r.flag(Flags.TC));
        assertEquals(40, r.answer().size());
        assertNotNull(r.opt());
        assertEquals(1232, r.opt().getPayloadSize());
        assertEquals(ExtendedFlags.DO, r.opt().getFlags() & ExtendedFlags.DO, "DO copied");
    }

    @Test
    void aClientOffering4096GetsAtMost1232() {
        Reply fits = served.ask(q("a70.size.example", A).edns(4096));
        assertFalse(fits.flag(Flags.TC));
        assertEquals(70, fits.answer().size());
        Reply big = served.ask(q("a100.size.example", A).edns(4096));
        assertTrue(big.flag(Flags.TC), "1600 bytes of answer do not fit 1232");
        assertTrue(big.size() <= 1232, "size " + big.size());
        assertEquals(1232, big.opt().getPayloadSize());
    }

    @Test
    void aClientOffering600GetsAtMost600() {
        Reply fits = served.ask(q("a30.size.example", A).edns(600));
        assertFalse(fits.flag(Flags.TC), "over 512 but within the client's 600");
        assertTrue(fits.size() > 512 && fits.size() <= 600, "size " + fits.size());
        assertTrue(served.ask(q("a30.size.example", A).edns(512)).flag(Flags.TC), "the same answer does not fit 512");
        Reply big = served.ask(q("a40.size.example", A).edns(600));
        assertTrue(big.flag(Flags.TC));
        assertTrue(big.size() <= 600, "size " + big.size());
    }

    @Test
    void aClientOfferingLessThan512IsTreatedAs512() {
        Reply r = served.ask(q("a20.size.example", A).edns(100));
        assertFalse(r.flag(Flags.TC));
        assertEquals(20, r.answer().size());
        assertTrue(r.size() > 100 && r.size() <= 512, "size " + r.size());
    }

    // ---- truncation ----

    @Test
    void anAnswerThatDoesNotFitSetsTcAndNeverLeavesHalfAnRrset() {
        Reply udp = served.ask(q("a40.size.example", A));
        assertTrue(udp.flag(Flags.TC));
        assertWholeRRsets(udp, served.ask(q("a40.size.example", A).tcp()));
    }

    @Test
    void addressesOfMxTargetsThatDoNotFitAreLeftOutWithoutTc() {
        Reply small = served.ask(q("mx.size.example", MX));
        assertFalse(small.flag(Flags.TC), "additional data is optional (RFC 2181 §9)");
        assertEquals(12, small.answer().size(), "the MX set itself is complete");
        List<Record> extra = small.section(Section.ADDITIONAL);
        assertTrue(!extra.isEmpty() && extra.size() < 36, "some but not all of the 36 addresses: " + extra.size());
        assertTrue(small.size() <= 512, "size " + small.size());
        Reply full = served.ask(q("mx.size.example", MX).edns(1232));
        assertEquals(36, full.section(Section.ADDITIONAL).size(), "all addresses fit 1232");
        assertWholeRRsets(small, full);
    }

    @Test
    void inDomainGlueAReferralNeedsSetsTcWhenItDoesNotFit() {
        Reply udp = served.ask(q("host.deep.size.example", A));
        assertTrue(udp.flag(Flags.TC), "RFC 9471: required glue that does not fit means TC");
        assertFalse(udp.flag(Flags.AA));
        assertTrue(udp.size() <= 512);
        Reply tcp = served.ask(q("host.deep.size.example", A).tcp());
        assertFalse(tcp.flag(Flags.TC));
        assertEquals(13, tcp.section(Section.AUTHORITY).size());
        assertEquals(52, tcp.section(Section.ADDITIONAL).size(), "every glue address over TCP");
        assertWholeRRsets(udp, tcp);
        Reply edns = served.ask(q("host.deep.size.example", A).edns(1232));
        assertFalse(edns.flag(Flags.TC));
        assertEquals(52, edns.section(Section.ADDITIONAL).size());
    }

    @Test
    void overTcpTheSameAnswerIsComplete() {
        Reply tcp = served.ask(q("a100.size.example", A).tcp());
        assertFalse(tcp.flag(Flags.TC));
        assertEquals(100, tcp.answer().size());
        assertNull(tcp.opt());
    }

    /** Every RRset in {@code partial} is the whole of the same RRset in {@code complete}. */
    private static void assertWholeRRsets(Reply partial, Reply complete) {
        for (int section : new int[] {Section.ANSWER, Section.AUTHORITY, Section.ADDITIONAL}) {
            Map<String, Long> full = counts(complete, section);
            counts(partial, section).forEach((set, n) -> assertEquals(full.get(set), n,
                    "half an RRset " + set + " in " + Section.string(section)));
        }
    }

    private static Map<String, Long> counts(Reply r, int section) {
        return r.section(section).stream().collect(Collectors.groupingBy(
                rec -> rec.getName() + "/" + Type.string(rec.getType()), Collectors.counting()));
    }

    // ---- raw packets ----

    static byte[] header(int id, int flags, int qd, int an, int ns, int ar) {
        return new byte[] {(byte) (id >> 8), (byte) id, (byte) (flags >> 8), (byte) flags, (byte) (qd >> 8), (byte) qd,
            (byte) (an >> 8), (byte) an, (byte) (ns >> 8), (byte) ns, (byte) (ar >> 8), (byte) ar};
    }

    static byte[] question(String name, int type) {
        try {
            byte[] n = Name.fromString(name + ".").toWire();
            return concat(n, new byte[] {(byte) (type >> 8), (byte) type, 0, 1});
        } catch (Exception e) {
            throw new IllegalArgumentException(name, e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void theRawPacketHelpersBuildWhatDnsjavaBuilds() {
        byte[] mine = concat(header(7, 0x0100, 1, 0, 0, 0), question("www.example.com", A));
        assertArrayEquals(q("www.example.com", A).id(7).wire(), mine);
    }
}
