package org.uplinkdns.delegation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.uplinkdns.delegation.Fixtures.ip;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.view.ServedData;
import org.xbill.DNS.Master;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** {@code plan}: what it prints for the parent and the ISPs, read back by dnsjava's zone-file parser. */
class ParentPlanTest {
    @TempDir
    Path dir;

    private static final HostRouting ROUTES = new FakeHostRouting(
            Map.of(ip("192.0.2.2"), "eth1", ip("192.0.2.3"), "eth2"), Map.of("eth1", ip("192.0.2.1")), null, Set.of());

    private String plan(ServedData data, HostRouting routing) {
        UplinkTable uplinks = UplinkTable.fromConfig(data.config());
        return PlanText.render(ParentPlan.of(data.config(), data.zones(), uplinks, routing), "gateway.yaml",
                uplinks.uplinks());
    }

    /** Every record of a zone file, as "owner TYPE rdata", parsed by dnsjava without an origin. */
    private static Set<String> parse(String zoneFile) throws Exception {
        Set<String> result = new TreeSet<>();
        try (Master m = new Master(new ByteArrayInputStream(zoneFile.getBytes(StandardCharsets.UTF_8)))) {
            Record r;
            while ((r = m.nextRecord()) != null) {
                result.add(r.getName() + " " + Type.string(r.getType()) + " " + r.rdataToString());
            }
        }
        return result;
    }

    @Test
    void theParentGetsTheDelegationGlueAndTheMailRecordsOfADomainNotServedHere() throws Exception {
        ServedData data = Fixtures.load(dir, "gateway.yaml", Fixtures.GATEWAY, Map.of("www.example.net.zone", Fixtures.WWW_ZONE));
        Set<String> records = parse(plan(data, ROUTES));
        assertEquals(new TreeSet<>(List.of(
                "www.example.net. NS www-ns1.example.net.",
                "www.example.net. NS www-ns2.example.net.",
                "www-ns1.example.net. A 198.51.100.10",
                "www-ns2.example.net. A 203.0.113.10",
                "www-ns2.example.net. AAAA 2001:db8:0:0:0:0:0:10",
                "example.net. MX 10 mail-gw-1.example.net.",
                "example.net. MX 20 mail-gw-2.example.net.",
                "example.net. MX 90 backup-mx.provider.example.",
                "mail-gw-1.example.net. A 198.51.100.10",
                "mail-gw-2.example.net. A 203.0.113.10",
                "mail-gw-2.example.net. AAAA 2001:db8:0:0:0:0:0:10",
                "example.net. TXT \"v=spf1 ip4:198.51.100.10 ip4:203.0.113.10 ip6:2001:db8::10"
                        + " include:_spf.provider.example ~all\"",
                "10.100.51.198.in-addr.arpa. PTR mail-gw-1.example.net.",
                "10.113.0.203.in-addr.arpa. PTR mail-gw-2.example.net.",
                "0.1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa. PTR mail-gw-2.example.net.")),
                records);
    }

    @Test
    void noDsIsPrintedForAZoneWithSelfNamesAndTheReasonIsGiven() throws Exception {
        ServedData data = Fixtures.load(dir, "gateway.yaml", Fixtures.GATEWAY, Map.of("www.example.net.zone", Fixtures.WWW_ZONE));
        String text = plan(data, ROUTES);
        assertFalse(parse(text).stream().anyMatch(r -> r.contains(" DS ")));
        assertTrue(text.contains("; No DS record for www.example.net.: its answers differ by receiving uplink"), text);
    }

    @Test
    void policyRoutingUsesTheKnownNextHopAndAPlaceholderOtherwise() throws Exception {
        ServedData data = Fixtures.load(dir, "gateway.yaml", Fixtures.GATEWAY, Map.of("www.example.net.zone", Fixtures.WWW_ZONE));
        String text = plan(data, ROUTES);
        assertTrue(text.contains(";   ip rule add from 192.0.2.2 lookup 101\n"), text);
        assertTrue(text.contains(";   ip route add default via 192.0.2.1 dev eth1 table 101"), text);
        assertTrue(text.contains(";   ip rule add from 192.0.2.3 lookup 102\n"), text);
        assertTrue(text.contains(";   ip route add default via <next hop of isp2> dev eth2 table 102\n"), text);
    }

    @Test
    void nameserversWithoutANumberTakeTheUplinksInNameOrder() throws Exception {
        String zone = Fixtures.WWW_ZONE.replace("www-ns2.example.net.", "ns-b.example.net.")
                .replace("www-ns1.example.net.", "ns-a.example.net.");
        ServedData data = Fixtures.load(dir, "gateway.yaml", Fixtures.GATEWAY, Map.of("www.example.net.zone", zone));
        Set<String> records = parse(plan(data, ROUTES));
        assertTrue(records.contains("ns-a.example.net. A 198.51.100.10"), records.toString());
        assertTrue(records.contains("ns-b.example.net. A 203.0.113.10"), records.toString());
    }

    @Test
    void aNameserverOutsideTheParentGetsNoRecordOnlyAComment() throws Exception {
        String zone = Fixtures.WWW_ZONE.replace("www-ns2.example.net.", "ns2.isp.example.");
        ServedData data = Fixtures.load(dir, "gateway.yaml", Fixtures.GATEWAY, Map.of("www.example.net.zone", zone));
        String text = plan(data, ROUTES);
        assertFalse(parse(text).stream().anyMatch(r -> r.startsWith("ns2.isp.example. A")));
        assertTrue(text.contains("; ns2.isp.example. (uplink 2 (isp2)) lies outside example.net.: no glue here"), text);
    }

    @Test
    void whenUplinkdnsServesTheMailDomainThePlanPrintsNoMailRecords() throws Exception {
        String parentZone = """
                $ORIGIN example.net.
                $TTL 3600
                @ IN SOA www-ns1 hostmaster 1 3600 600 86400 300
                  IN NS www-ns1
                  IN NS www-ns2
                www IN NS www-ns1
                www IN NS www-ns2
                www-ns1 IN A 198.51.100.10
                www-ns2 IN A 203.0.113.10
                """;
        String yaml = Fixtures.GATEWAY.replace("zones:\n", "zones:\n  - name: example.net\n    file: example.net.zone\n");
        ServedData data = Fixtures.load(dir, "gateway.yaml", yaml,
                Map.of("www.example.net.zone", Fixtures.WWW_ZONE, "example.net.zone", parentZone));
        String text = plan(data, ROUTES);
        Set<String> records = parse(text);
        assertFalse(records.stream().anyMatch(r -> r.contains(" MX ") || r.contains(" TXT ")), records.toString());
        assertTrue(records.contains("example.net. NS www-ns1.example.net."), "example.net's own delegation in net.");
        assertTrue(text.contains("; ---- Delegation of example.net. in its parent zone net. (not served here)"), text);
        assertTrue(text.contains("in its parent zone example.net. (served here: its zone file must hold these records)"),
                "the self-name zone's delegation is still shown, for its served parent");
        assertTrue(text.contains("; ---- Mail: the MX set, the gateway hosts and SPF are served here"), text);
        assertTrue(records.contains("10.100.51.198.in-addr.arpa. PTR mail-gw-1.example.net."), "the ISPs still need the PTR");
    }

    @Test
    void anUplinkWithoutAnyAddressIsAGap() throws Exception {
        String yaml = Fixtures.GATEWAY.replace("    address: 192.0.2.3\n    public: [203.0.113.10, \"2001:db8::10\"]\n",
                "    interface: ml-nosuch0\n");
        ServedData data = Fixtures.load(dir, "gateway.yaml", yaml, Map.of("www.example.net.zone", Fixtures.WWW_ZONE));
        ParentPlan plan = ParentPlan.of(data.config(), data.zones(), CurrentUplinks.of(data.config()), HostRouting.UNKNOWN);
        assertEquals(1, plan.gaps().size(), plan.gaps().toString());
        assertTrue(plan.gaps().get(0).startsWith("uplink isp2 has no address now"), plan.gaps().get(0));
        String text = PlanText.render(plan, "gateway.yaml", CurrentUplinks.of(data.config()).uplinks());
        assertTrue(text.contains(";   ip rule add from <address of ml-nosuch0> lookup 102"), text);
        List<String> records = new ArrayList<>(parse(text));
        assertFalse(records.stream().anyMatch(r -> r.startsWith("mail-gw-2")), records.toString());
    }
}
