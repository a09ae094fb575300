package org.uplinkdns.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uplinkdns.config.Addresses;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.uplink.Health;
import org.uplinkdns.uplink.Uplink;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.view.ServedData;
import org.uplinkdns.view.Snapshot;
import org.uplinkdns.view.SnapshotBuilder;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Given a mail section and two uplinks, what a query on each listener answers. */
class MailAnswersTest {
    private static final InetAddress ISP1 = Addresses.parseLiteral("127.0.4.2").orElseThrow();
    private static final InetAddress ISP2 = Addresses.parseLiteral("127.0.4.3").orElseThrow();
    private static final InetAddress LAN = Addresses.parseLiteral("127.0.4.1").orElseThrow();
    private static final InetAddress CLIENT = Addresses.parseLiteral("127.0.4.200").orElseThrow();

    private static final String ZONE = """
            $ORIGIN example.net.
            $TTL 3600
            @ IN SOA ns1 hostmaster 1 3600 600 86400 300
              IN NS ns1
              IN TXT "google-site-verification=abc"
            ns1 IN A 198.51.100.10
            """;
    private static final String CONFIG = """
            uplinks:
              - name: isp1
                address: 127.0.4.2
                public: 198.51.100.10
              - name: isp2
                address: 127.0.4.3
                public: 203.0.113.10
            listen: [127.0.4.1]
            zones:
              - name: example.net
                file: example.net.zone
            mail:
              domain: example.net
              extra-mx:
                - target: backup-mx.provider.example
                  preference: 90
              spf:
                mechanisms: [include:_spf.provider.example]
            """;

    @TempDir
    Path dir;

    private ServedData load(String config, String zone) throws IOException, ConfigException {
        Files.writeString(dir.resolve("example.net.zone"), zone);
        Files.writeString(dir.resolve("uplinkdns.yaml"), config);
        return ServedData.load(dir.resolve("uplinkdns.yaml"));
    }

    private static Snapshot snapshot(ServedData data, Health isp1, Health isp2) {
        List<Uplink> list = new ArrayList<>();
        for (Uplink u : UplinkTable.fromConfig(data.config()).uplinks()) {
            list.add(u.withHealth(u.number() == 1 ? isp1 : isp2));
        }
        return SnapshotBuilder.build(data.config(), data.zones(), new UplinkTable(list));
    }

    private static Message ask(Snapshot snapshot, InetAddress local, String name, int type) throws IOException {
        Message query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        Response r = new Responder().respond(snapshot, query.toWire(), local, CLIENT, Transport.UDP);
        return new Message(r.wire());
    }

    private static String answer(Message m) {
        return m.getSection(Section.ANSWER).stream().map(Record::rdataToString).sorted()
                .collect(Collectors.joining(", "));
    }

    @Test
    void eachUplinkPrefersItsOwnGatewayAndTheLanSeesConfigOrder() throws Exception {
        Snapshot s = snapshot(load(CONFIG, ZONE), Health.UP, Health.UP);
        assertEquals("10 mail-gw-1.example.net., 20 mail-gw-2.example.net., 90 backup-mx.provider.example.",
                answer(ask(s, ISP1, "example.net.", Type.MX)));
        assertEquals("10 mail-gw-2.example.net., 20 mail-gw-1.example.net., 90 backup-mx.provider.example.",
                answer(ask(s, ISP2, "example.net.", Type.MX)));
        assertEquals("10 mail-gw-1.example.net., 20 mail-gw-2.example.net., 90 backup-mx.provider.example.",
                answer(ask(s, LAN, "example.net.", Type.MX)));
    }

    @Test
    void anMxAnswerCarriesTheGatewayAddressesAsAdditionalData() throws Exception {
        Message m = ask(snapshot(load(CONFIG, ZONE), Health.UP, Health.UP), ISP2, "example.net.", Type.MX);
        String additional = m.getSection(Section.ADDITIONAL).stream().filter(r -> r.getType() == Type.A)
                .map(r -> r.getName() + " " + r.rdataToString()).sorted().collect(Collectors.joining(", "));
        assertEquals("mail-gw-1.example.net. 198.51.100.10, mail-gw-2.example.net. 203.0.113.10", additional);
    }

    @Test
    void aDeadUplinksGatewayLeavesEveryMxSetButStillResolves() throws Exception {
        Snapshot s = snapshot(load(CONFIG, ZONE), Health.DOWN, Health.UP);
        for (InetAddress local : List.of(ISP1, ISP2, LAN)) {
            assertEquals("10 mail-gw-2.example.net., 90 backup-mx.provider.example.",
                    answer(ask(s, local, "example.net.", Type.MX)), "on " + local);
        }
        assertEquals("198.51.100.10", answer(ask(s, ISP2, "mail-gw-1.example.net.", Type.A)),
                "mail already queued for mail-gw-1 must not bounce on NXDOMAIN");
    }

    @Test
    void aDrainedUplinkLeavesTheMxSetLikeADeadOne() throws Exception {
        Snapshot s = snapshot(load(CONFIG, ZONE), Health.UP, Health.DRAINED);
        assertEquals("10 mail-gw-1.example.net., 90 backup-mx.provider.example.",
                answer(ask(s, ISP2, "example.net.", Type.MX)));
    }

    @Test
    void withEveryUplinkDownTheMxSetFailsOpen() throws Exception {
        Snapshot s = snapshot(load(CONFIG, ZONE), Health.DOWN, Health.DOWN);
        assertEquals("10 mail-gw-2.example.net., 20 mail-gw-1.example.net., 90 backup-mx.provider.example.",
                answer(ask(s, ISP2, "example.net.", Type.MX)));
    }

    @Test
    void spfJoinsTheOtherTxtRecordsOfTheDomain() throws Exception {
        Snapshot s = snapshot(load(CONFIG, ZONE), Health.DOWN, Health.UP);
        assertEquals("\"google-site-verification=abc\", "
                + "\"v=spf1 ip4:198.51.100.10 ip4:203.0.113.10 include:_spf.provider.example ~all\"",
                answer(ask(s, ISP1, "example.net.", Type.TXT)));
    }

    @Test
    void aGatewayNameIsNotAnMxTargetOfItsOwn() throws Exception {
        Message m = ask(snapshot(load(CONFIG, ZONE), Health.UP, Health.UP), ISP1, "mail-gw-3.example.net.", Type.A);
        assertEquals(Rcode.NXDOMAIN, m.getRcode(), "only configured uplinks get a gateway");
    }

    @Test
    void fixedMxRecordsInTheSharedZoneFileAreAConfigError() throws IOException {
        ConfigException e = assertThrows(ConfigException.class,
                () -> load(CONFIG, ZONE + "@ IN MX 10 mail.example.net.\n"));
        assertEquals(13, e.problems().get(0).line(), e.getMessage());
        assertTrue(e.getMessage().contains("mail domain example.net. also has fixed MX records in zone file "),
                e.getMessage());
        assertTrue(e.getMessage().contains("example.net.zone: remove them"), e.getMessage());
    }

    @Test
    void aFixedSpfRecordOrGatewayAddressIsAConfigError() throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load(CONFIG,
                ZONE + "@ IN TXT \"v=spf1 -all\"\nmail-gw-2 IN A 192.0.2.1\n"));
        assertEquals(2, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("also has a v=spf1 TXT record"), e.getMessage());
        assertTrue(e.getMessage().contains("mail gateway mail-gw-2.example.net. also has fixed A records"), e.getMessage());
    }

    @Test
    void withoutSpfAFixedSpfRecordIsTheOperatorsOwn() throws Exception {
        String config = CONFIG.replace("  spf:\n    mechanisms: [include:_spf.provider.example]\n", "");
        Snapshot s = snapshot(load(config, ZONE + "@ IN TXT \"v=spf1 mx -all\"\n"), Health.UP, Health.UP);
        assertTrue(answer(ask(s, ISP1, "example.net.", Type.TXT)).contains("\"v=spf1 mx -all\""));
    }

    @Test
    void aViewsOwnZoneFileKeepsItsExplicitMx() throws Exception {
        Files.writeString(dir.resolve("lan.zone"), ZONE + "@ IN MX 5 internal-mx.example.net.\n");
        String config = CONFIG.replace("    file: example.net.zone\n",
                "    file: example.net.zone\n    views:\n      internal: lan.zone\n");
        Snapshot s = snapshot(load(config, ZONE), Health.UP, Health.UP);
        assertEquals("5 internal-mx.example.net.", answer(ask(s, LAN, "example.net.", Type.MX)));
        assertTrue(answer(ask(s, ISP1, "example.net.", Type.MX)).startsWith("10 mail-gw-1"));
    }
}
