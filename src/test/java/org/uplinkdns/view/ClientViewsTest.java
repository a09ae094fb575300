package org.uplinkdns.view;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uplinkdns.answer.Responder;
import org.uplinkdns.answer.Response;
import org.uplinkdns.answer.Transport;
import org.uplinkdns.uplink.Health;
import org.uplinkdns.uplink.Uplink;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.config.Addresses;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Views chosen by client prefix inside a listener (BIND's match-clients + match-destinations),
 * and self answers per family. Given the config below, a query for www.example.net from client C
 * to listener L answers as stated.
 */
class ClientViewsTest {
    static final String ZONE = """
            $ORIGIN www.example.net.
            $TTL 3600
            @ IN SOA ns1.example.net. hostmaster.example.net. 1 7200 3600 864000 60
              IN NS  ns1.example.net.
            """;

    static final String CONFIG = """
            uplinks:
              - name: isp1
                address: 198.51.100.10
              - name: isp2
                address: 203.0.113.10
                public: 203.0.113.99
            listen: [192.0.2.1, 127.0.0.1]
            views:
              - name: lan
                match-clients: [192.0.2.0/25]
                match-destinations: [192.0.2.1]
              - name: partner
                match-clients: [198.51.100.0/24, 2001:db8:abcd::/48]
                match-destinations: [isp1]
              - name: campus
                match-clients: [192.0.2.0/24]
            zones:
              - name: www.example.net
                file: www.zone
                views:
                  lan: www-lan.zone
                  partner: www-partner.zone
            self:
              - name: www.example.net
            """;

    @TempDir
    Path dir;
    Snapshot snapshot;

    @BeforeEach
    void load() throws Exception {
        Files.writeString(dir.resolve("www.zone"), ZONE);
        Files.writeString(dir.resolve("www-lan.zone"), ZONE + "@ IN A 192.0.2.80\n");
        Files.writeString(dir.resolve("www-partner.zone"), ZONE + "@ IN TXT \"partner\"\n");
        Files.writeString(dir.resolve("uplinkdns.yaml"), CONFIG);
        ServedData data = ServedData.load(dir.resolve("uplinkdns.yaml"));
        snapshot = SnapshotBuilder.build(data.config(), data.zones(), UplinkTable.fromConfig(data.config()));
    }

    static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    /** "view: sorted answer data" for a query of {@code type} from {@code client} to {@code local}. */
    static String ask(Snapshot snapshot, String local, String client, int type) throws Exception {
        byte[] query = Message.newQuery(Record.newRecord(Name.fromString("www.example.net."), type, DClass.IN)).toWire();
        Response r = new Responder().respond(snapshot, query, ip(local), ip(client), Transport.UDP);
        List<String> data = new Message(r.wire()).getSection(Section.ANSWER).stream()
                .map(rr -> rr instanceof AAAARecord a ? Addresses.text(a.getAddress()) : rr.rdataToString()).sorted().toList();
        return r.view() + ": " + String.join(" ", data);
    }

    private String ask(String local, String client, int type) throws Exception {
        return ask(snapshot, local, client, type);
    }

    @Test
    void lanClientOnTheLanListenerSeesTheInsideServer() throws Exception {
        assertEquals("lan: 192.0.2.80", ask("192.0.2.1", "192.0.2.2", Type.A));
    }

    @Test
    void firstMatchWinsInConfigOrder() throws Exception {
        // 192.0.2.2 is inside both lan (192.0.2.0/25) and campus (192.0.2.0/24): lan comes first.
        assertEquals("lan: 192.0.2.80", ask("192.0.2.1", "192.0.2.2", Type.A));
        assertEquals("campus: 198.51.100.10 203.0.113.99", ask("192.0.2.1", "192.0.2.200", Type.A));
    }

    @Test
    void matchDestinationsLimitAViewToSomeListeners() throws Exception {
        // lan applies on 192.0.2.1 only; on loopback the same client falls to campus (no destinations).
        assertEquals("campus: 198.51.100.10 203.0.113.99", ask("127.0.0.1", "192.0.2.2", Type.A));
    }

    @Test
    void clientsNoViewTakesSeeTheListenersOwnView() throws Exception {
        assertEquals("internal: 198.51.100.10 203.0.113.99", ask("192.0.2.1", "203.0.113.50", Type.A));
        assertEquals("isp1: 198.51.100.10", ask("198.51.100.10", "203.0.113.50", Type.A));
        assertEquals("isp2: 203.0.113.99", ask("203.0.113.10", "203.0.113.50", Type.A));
    }

    @Test
    void aViewMatchedByUplinkNameAnswersSelfRecordsAsThatUplink() throws Exception {
        assertEquals("partner: 198.51.100.10", ask("198.51.100.10", "198.51.100.77", Type.A));
        assertEquals("partner: \"partner\"", ask("198.51.100.10", "198.51.100.77", Type.TXT));
        // Only on isp1: the same client reaching isp2 sees isp2's view.
        assertEquals("isp2: ", ask("203.0.113.10", "198.51.100.77", Type.TXT));
    }

    @Test
    void anIpv6ClientPrefixMatchesIpv6ClientsOnly() throws Exception {
        assertEquals("partner: 198.51.100.10", ask("198.51.100.10", "2001:db8:abcd:1::5", Type.A));
        assertEquals("isp1: 198.51.100.10", ask("198.51.100.10", "2001:db8:abce::5", Type.A));
    }

    @Test
    void withoutViewsTheClientDoesNotMatter() throws Exception {
        Files.writeString(dir.resolve("plain.yaml"), CONFIG.substring(0, CONFIG.indexOf("views:"))
                + "zones:\n  - name: www.example.net\n    file: www.zone\nself:\n  - name: www.example.net\n");
        ServedData data = ServedData.load(dir.resolve("plain.yaml"));
        Snapshot plain = SnapshotBuilder.build(data.config(), data.zones(), UplinkTable.fromConfig(data.config()));
        assertEquals("internal: 198.51.100.10 203.0.113.99", ask(plain, "192.0.2.1", "192.0.2.2", Type.A));
        assertEquals(plain.viewFor(ip("192.0.2.1"), ip("192.0.2.2")), plain.viewFor(ip("192.0.2.1"), ip("203.0.113.1")));
    }

    /** Self answers per family on an uplink with several addresses (as an interface would give it). */
    @Test
    void selfAnswersPerFamilyOnAnUplinkWithSeveralAddresses() throws Exception {
        Uplink isp1 = new Uplink("isp1", 1,
                List.of(ip("198.51.100.10"), ip("198.51.100.11"), ip("2001:db8:1::20"), ip("2001:db8:1::10")),
                Optional.empty(), Optional.empty(), Health.UP, Set.of(ip("2001:db8:1::10")));
        Uplink isp2 = new Uplink("isp2", 2, List.of(ip("203.0.113.10"), ip("2001:db8:2::10")),
                Optional.of((java.net.Inet4Address) ip("203.0.113.99")), Optional.empty(), Health.UP);
        Snapshot s = SnapshotBuilder.build(snapshot.config(), snapshot.zoneSet(), new UplinkTable(List.of(isp1, isp2)));

        // Over IPv6 on isp1: AAAA is the receiving address, A is isp1's preferred IPv4.
        assertEquals("isp1: 2001:db8:1::20", ask(s, "2001:db8:1::20", "2001:db8:ffff::1", Type.AAAA));
        assertEquals("isp1: 198.51.100.10", ask(s, "2001:db8:1::20", "2001:db8:ffff::1", Type.A));
        // Over IPv4 to the secondary address: that address for A, the preferred IPv6 for AAAA.
        assertEquals("isp1: 198.51.100.11", ask(s, "198.51.100.11", "203.0.113.50", Type.A));
        assertEquals("isp1: 2001:db8:1::20", ask(s, "198.51.100.11", "203.0.113.50", Type.AAAA));
        // The deprecated address still answers, but never hands itself out.
        assertEquals("isp1: 2001:db8:1::20", ask(s, "2001:db8:1::10", "2001:db8:ffff::1", Type.AAAA));
        // isp2 behind NAT for IPv4 only.
        assertEquals("isp2: 203.0.113.99", ask(s, "2001:db8:2::10", "2001:db8:ffff::1", Type.A));
        assertEquals("isp2: 2001:db8:2::10", ask(s, "2001:db8:2::10", "2001:db8:ffff::1", Type.AAAA));
        // Non-uplink listeners list each uplink's preferred address.
        assertEquals("internal: 2001:db8:1::20 2001:db8:2::10", ask(s, "127.0.0.1", "127.0.0.1", Type.AAAA));
        assertEquals(Set.of(ip("198.51.100.10"), ip("198.51.100.11"), ip("2001:db8:1::20"), ip("2001:db8:1::10"),
                ip("203.0.113.10"), ip("2001:db8:2::10"), ip("192.0.2.1"), ip("127.0.0.1")), s.listenerAddresses());
    }
}
