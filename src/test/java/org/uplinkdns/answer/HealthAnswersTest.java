package org.uplinkdns.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * How uplink health changes answers. Given the demo layout (isp1 on 127.0.0.2 handing out
 * 198.51.100.10 and 2001:db8::10, isp2 on 127.0.0.3 handing out 203.0.113.10, the LAN on
 * 127.0.0.1) and a self record www.example.net with TTL 10: which addresses each listener answers
 * while uplinks are up, down or drained.
 */
class HealthAnswersTest {
    private static final InetAddress LAN = ip("127.0.0.1");
    private static final InetAddress ISP1 = ip("127.0.0.2");
    private static final InetAddress ISP2 = ip("127.0.0.3");
    private static final InetAddress CLIENT = ip("127.0.0.9");

    @TempDir
    Path dir;

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private ServedData load(String policy, String extraSelf) throws Exception {
        Files.writeString(dir.resolve("www.zone"), """
                $ORIGIN www.example.net.
                $TTL 86400
                @ IN SOA www-ns1.example.net. hostmaster.example.net. 1 28800 7200 864000 60
                @ IN NS www-ns1.example.net.
                @ IN NS www-ns2.example.net.
                """);
        Files.writeString(dir.resolve("parent.zone"), """
                $ORIGIN example.net.
                $TTL 3600
                @ IN SOA www-ns1.example.net. hostmaster.example.net. 1 28800 7200 864000 300
                @ IN NS www-ns1.example.net.
                @ IN NS www-ns2.example.net.
                www IN NS www-ns1.example.net.
                www IN NS www-ns2.example.net.
                www-ns1 IN A 198.51.100.10
                www-ns2 IN A 203.0.113.10
                """);
        Path config = dir.resolve("uplinkdns.yaml");
        Files.writeString(config, """
                port: 5300
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                    public: [198.51.100.10, "2001:db8::10"]
                  - name: isp2
                    address: 127.0.0.3
                    public: 203.0.113.10
                listen: [127.0.0.1]
                zones:
                  - name: www.example.net
                    file: www.zone
                  - name: example.net
                    file: parent.zone
                self:
                  - name: www.example.net
                    ttl: 10
                """ + extraSelf + policy);
        return ServedData.load(config);
    }

    private ServedData load(String policy) throws Exception {
        return load(policy, "");
    }

    private static final String DEGRADED_TTL_5 = """
            health:
              policy:
                degraded-ttl: 5
            """;

    private static Snapshot snapshot(ServedData data, Map<String, Health> health) {
        UplinkTable table = UplinkTable.fromConfig(data.config());
        List<Uplink> uplinks = new ArrayList<>();
        for (Uplink u : table.uplinks()) {
            uplinks.add(u.withHealth(health.getOrDefault(u.name(), Health.UP)));
        }
        return SnapshotBuilder.build(data.config(), data.zones(), new UplinkTable(uplinks));
    }

    /** The answer section as "TTL data" lines, sorted. */
    private static List<String> ask(Snapshot s, InetAddress local, String name, int type) throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN));
        Response r = new Responder().respond(s, q.toWire(), local, CLIENT, Transport.UDP);
        Message m = new Message(r.wire());
        return m.getSection(Section.ANSWER).stream().map(rr -> rr.getTTL() + " " + rr.rdataToString()).sorted().toList();
    }

    @Test
    void withEveryUplinkUpTheLanSeesBothAndEachUplinkItsOwn() throws Exception {
        Snapshot s = snapshot(load(DEGRADED_TTL_5), Map.of());
        assertEquals(List.of("10 198.51.100.10", "10 203.0.113.10"), ask(s, LAN, "www.example.net.", Type.A));
        assertEquals(List.of("10 198.51.100.10"), ask(s, ISP1, "www.example.net.", Type.A));
        assertEquals(List.of("10 203.0.113.10"), ask(s, ISP2, "www.example.net.", Type.A));
    }

    @Test
    void aDeadUplinkLeavesTheLanAnswerWhichGetsTheDegradedTtl() throws Exception {
        Snapshot s = snapshot(load(DEGRADED_TTL_5), Map.of("isp1", Health.DOWN));
        assertEquals(List.of("5 203.0.113.10"), ask(s, LAN, "www.example.net.", Type.A));
    }

    @Test
    void aSelfAnswerOnADeadUplinkIsReplacedByTheHealthyUplinks() throws Exception {
        Snapshot s = snapshot(load(DEGRADED_TTL_5), Map.of("isp1", Health.DOWN));
        assertEquals(List.of("5 203.0.113.10"), ask(s, ISP1, "www.example.net.", Type.A));
        assertEquals(List.of("10 203.0.113.10"), ask(s, ISP2, "www.example.net.", Type.A),
                "the healthy uplink's own answer is unchanged");
    }

    @Test
    void policyKeepLeavesTheDeadUplinksOwnAddressInItsSelfAnswer() throws Exception {
        Snapshot s = snapshot(load("""
                health:
                  policy:
                    self-on-dead: keep
                    degraded-ttl: 5
                """), Map.of("isp1", Health.DOWN));
        assertEquals(List.of("5 198.51.100.10"), ask(s, ISP1, "www.example.net.", Type.A));
        assertEquals(List.of("5 203.0.113.10"), ask(s, LAN, "www.example.net.", Type.A), "the LAN still loses it");
    }

    @Test
    void aDrainedUplinkIsTreatedLikeADeadOne() throws Exception {
        Snapshot s = snapshot(load(DEGRADED_TTL_5), Map.of("isp2", Health.DRAINED));
        assertEquals(List.of("5 198.51.100.10"), ask(s, LAN, "www.example.net.", Type.A));
        assertEquals(List.of("5 198.51.100.10"), ask(s, ISP2, "www.example.net.", Type.A));
    }

    @Test
    void withEveryUplinkDeadAnswersFailOpenWithEveryAddress() throws Exception {
        Snapshot s = snapshot(load(DEGRADED_TTL_5), Map.of("isp1", Health.DOWN, "isp2", Health.DOWN));
        assertEquals(List.of("5 198.51.100.10", "5 203.0.113.10"), ask(s, LAN, "www.example.net.", Type.A));
        assertEquals(List.of("5 198.51.100.10"), ask(s, ISP1, "www.example.net.", Type.A));
        assertEquals(List.of("5 203.0.113.10"), ask(s, ISP2, "www.example.net.", Type.A));
    }

    @Test
    void whenNoHealthyUplinkHasTheFamilyTheAnswerIsNeverEmpty() throws Exception {
        // Only isp1 has IPv6; with isp1 down, AAAA falls back to it rather than to nothing.
        Snapshot s = snapshot(load(DEGRADED_TTL_5), Map.of("isp1", Health.DOWN));
        assertEquals(List.of("5 2001:db8:0:0:0:0:0:10"), ask(s, LAN, "www.example.net.", Type.AAAA));
        assertEquals(List.of("5 2001:db8:0:0:0:0:0:10"), ask(s, ISP1, "www.example.net.", Type.AAAA));
    }

    @Test
    void withoutADegradedTtlTheSelfRecordKeepsItsOwn() throws Exception {
        Snapshot s = snapshot(load(""), Map.of("isp1", Health.DOWN));
        assertEquals(List.of("10 203.0.113.10"), ask(s, LAN, "www.example.net.", Type.A));
    }

    @Test
    void theApexNsRrsetAndNameserverAddressesAreNeverFiltered() throws Exception {
        ServedData data = load(DEGRADED_TTL_5);
        Snapshot healthy = snapshot(data, Map.of());
        for (Map<String, Health> health : List.of(Map.of("isp1", Health.DOWN), Map.of("isp2", Health.DRAINED),
                Map.of("isp1", Health.DOWN, "isp2", Health.DOWN))) {
            Snapshot s = snapshot(data, health);
            for (InetAddress local : List.of(LAN, ISP1, ISP2)) {
                List<String> ns = ask(s, local, "www.example.net.", Type.NS);
                assertEquals(List.of("86400 www-ns1.example.net.", "86400 www-ns2.example.net."), ns, health + " " + local);
                assertEquals(ask(healthy, local, "www-ns1.example.net.", Type.A), ask(s, local, "www-ns1.example.net.", Type.A));
                assertEquals(List.of("3600 198.51.100.10"), ask(s, local, "www-ns1.example.net.", Type.A));
                assertEquals(List.of("3600 203.0.113.10"), ask(s, local, "www-ns2.example.net.", Type.A));
            }
        }
    }

    @Test
    void aSelfRecordOnANameserverNameIsRejected() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load("", """
                  - name: www-ns1.example.net
                """));
        assertEquals(1, e.problems().size());
        assertTrue(e.problems().get(0).toString().matches(".*uplinkdns.yaml:18: self record www-ns1.example.net. is a"
                + " nameserver of zone .*example.net. \\(apex NS\\).*"), e.getMessage());
    }
}
