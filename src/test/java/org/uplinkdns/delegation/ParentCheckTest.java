package org.uplinkdns.delegation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.uplinkdns.delegation.Fixtures.ip;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uplinkdns.answer.Responder;
import org.uplinkdns.answer.Transport;
import org.uplinkdns.delegation.Finding.Status;
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

/**
 * {@code check} against servers that answer from snapshots in memory: the parent zone as a test
 * writes it, and the gateway's own listeners. Nothing is sent on a network.
 */
class ParentCheckTest {
    private static final InetSocketAddress PARENT = new InetSocketAddress(ip("127.0.4.10"), 53);
    private static final String PARENT_CONFIG = """
            uplinks:
              - name: provider
                address: 127.0.4.10
            zones:
              - name: example.net
                file: example.net.zone
            """;
    /** The parent zone exactly as {@code plan} asks for it. */
    private static final String GOOD_PARENT = """
            $ORIGIN example.net.
            $TTL 3600
            @ IN SOA ns.provider.example. hostmaster.provider.example. 1 3600 600 86400 300
              IN NS ns.provider.example.
              IN MX 10 mail-gw-1
              IN MX 20 mail-gw-2
              IN MX 90 backup-mx.provider.example.
              IN TXT "v=spf1 ip4:198.51.100.10 ip4:203.0.113.10 ip6:2001:db8::10 include:_spf.provider.example ~all"
            www IN NS www-ns1
            www IN NS www-ns2
            www-ns1 IN A 198.51.100.10
            www-ns2 IN A 203.0.113.10
            www-ns2 IN AAAA 2001:db8::10
            mail-gw-1 IN A 198.51.100.10
            mail-gw-2 IN A 203.0.113.10
            mail-gw-2 IN AAAA 2001:db8::10
            """;

    @TempDir
    Path dir;

    private ServedData gateway;
    private final Network network = new Network();
    private HostRouting routing = HostRouting.UNKNOWN;

    /** Servers that answer through the real answer layer; an unknown address times out. */
    private static final class Network implements DnsProbe {
        final Map<InetSocketAddress, Snapshot> servers = new HashMap<>();
        final Map<InetSocketAddress, Integer> asked = new HashMap<>();

        @Override
        public Message query(InetSocketAddress server, Name name, int type, boolean recursive) throws IOException {
            asked.merge(server, 1, Integer::sum);
            Snapshot s = servers.get(server);
            if (s == null) {
                throw new SocketTimeoutException("timed out");
            }
            Message q = Message.newQuery(Record.newRecord(name, type, DClass.IN));
            return new Message(new Responder().respond(s, q.toWire(), server.getAddress(), ip("127.0.4.200"),
                    Transport.UDP).wire());
        }

        @Override
        public String limits() {
            return "2 tries of 1s";
        }
    }

    @BeforeEach
    void gatewayListeners() throws Exception {
        gateway = Fixtures.load(dir, "gateway.yaml", Fixtures.GATEWAY, Map.of("www.example.net.zone", Fixtures.WWW_ZONE));
        serveGateway(Health.UP, Health.UP);
    }

    private void serveGateway(Health isp1, Health isp2) {
        List<Uplink> list = new ArrayList<>();
        for (Uplink u : UplinkTable.fromConfig(gateway.config()).uplinks()) {
            list.add(u.withHealth(u.number() == 1 ? isp1 : isp2));
        }
        Snapshot s = SnapshotBuilder.build(gateway.config(), gateway.zones(), new UplinkTable(list));
        for (Uplink u : list) {
            u.addresses().forEach(a -> network.servers.put(new InetSocketAddress(a, 53), s));
        }
    }

    private void serveParent(String zone) throws Exception {
        Path parentDir = dir.resolve("parent");
        java.nio.file.Files.createDirectories(parentDir);
        ServedData parent = Fixtures.load(parentDir, "parent.yaml", PARENT_CONFIG, Map.of("example.net.zone", zone));
        network.servers.put(PARENT, SnapshotBuilder.build(parent.config(), parent.zones(),
                UplinkTable.fromConfig(parent.config())));
    }

    private CheckReport check() {
        UplinkTable uplinks = UplinkTable.fromConfig(gateway.config());
        ParentPlan plan = ParentPlan.of(gateway.config(), gateway.zones(), uplinks, routing);
        ParentCheck.ServerFinder parent = zone -> new ParentCheck.Servers(List.of(PARENT), "--parent", Optional.empty());
        return new CheckReport("gateway.yaml", new ParentCheck(gateway.config(), gateway.zones(), uplinks, plan,
                network, parent, a -> new InetSocketAddress(a, 53), routing).run());
    }

    private static List<String> failed(CheckReport report) {
        return report.findings().stream().filter(Finding::failed)
                .map(f -> f.status() + " " + f.area() + " " + f.subject() + ": " + f.detail()).toList();
    }

    @Test
    void aParentThatMatchesThePlanAgrees() throws Exception {
        serveParent(GOOD_PARENT);
        CheckReport report = check();
        assertEquals(List.of(), failed(report), report.table());
        assertEquals(0, report.exitCode());
        String table = report.table();
        assertTrue(table.contains("10 mail-gw-1.example.net., 20 mail-gw-2.example.net., 90 backup-mx.provider.example."),
                table);
        assertTrue(table.contains("serial 2026112301 through uplink isp2"), table);
        assertTrue(table.contains("uplink isp1 answers its own address 198.51.100.10"), table);
    }

    @Test
    void staleGlueIsNamedWithTheCurrentAddress() throws Exception {
        serveParent(GOOD_PARENT.replace("www-ns1 IN A 198.51.100.10", "www-ns1 IN A 192.0.2.99"));
        CheckReport report = check();
        assertEquals(1, report.exitCode());
        assertEquals(List.of("DIFFERENT ns-address www-ns1.example.net. A: stale record www-ns1.example.net. A 192.0.2.99;"
                + " uplink isp1 is 198.51.100.10 now: replace it"), failed(report));
    }

    @Test
    void aMissingAaaaAndAStaleMxAreNamed() throws Exception {
        serveParent(GOOD_PARENT.replace("mail-gw-2 IN AAAA 2001:db8::10\n", "")
                .replace("IN MX 20 mail-gw-2", "IN MX 20 old-mx"));
        List<String> failed = failed(check());
        assertEquals(2, failed.size(), failed.toString());
        assertTrue(failed.get(0).contains("missing 20 mail-gw-2.example.net.; stale 20 old-mx.example.net."), failed.get(0));
        assertEquals("DIFFERENT mail-gw mail-gw-2.example.net. AAAA: missing: add mail-gw-2.example.net. AAAA"
                + " 2001:db8::10 (its uplink)", failed.get(1));
    }

    @Test
    void anSpfRecordWithoutAnUplinkIsNamed() throws Exception {
        serveParent(GOOD_PARENT.replace(" ip4:203.0.113.10", ""));
        List<String> failed = failed(check());
        assertEquals(1, failed.size(), failed.toString());
        assertTrue(failed.get(0).endsWith("; missing ip4:203.0.113.10"), failed.get(0));
    }

    @Test
    void aDsForTheSelfNameZoneIsAnError() throws Exception {
        serveParent(GOOD_PARENT + "www IN DS 12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n");
        CheckReport report = check();
        Finding ds = report.findings().stream().filter(f -> f.area().equals("ds")).findFirst().orElseThrow();
        assertEquals(Status.ERROR, ds.status());
        assertTrue(ds.detail().contains("validating resolvers reject every answer; remove the DS from example.net."),
                ds.detail());
        assertEquals(1, report.exitCode());
    }

    @Test
    void aSilentParentIsReportedOnceAndNotAskedAgain() {
        CheckReport report = check();
        List<Finding> servers = report.findings().stream().filter(f -> f.area().equals("servers")).toList();
        assertEquals(1, servers.size(), report.table());
        assertEquals("127.0.4.10:53", servers.get(0).server());
        assertTrue(servers.get(0).detail().startsWith("no answer after 2 tries of 1s"), servers.get(0).detail());
        assertEquals(1, network.asked.get(PARENT), "one failed question, then the server is left alone");
        assertEquals(1, report.exitCode());
    }

    @Test
    void aParentThatCannotBeFoundIsAnError() {
        UplinkTable uplinks = UplinkTable.fromConfig(gateway.config());
        ParentPlan plan = ParentPlan.of(gateway.config(), gateway.zones(), uplinks, routing);
        ParentCheck.ServerFinder none = zone -> new ParentCheck.Servers(List.of(), "system resolver",
                Optional.of("the resolver did not answer"));
        List<Finding> findings = new ParentCheck(gateway.config(), gateway.zones(), uplinks, plan, network, none,
                a -> new InetSocketAddress(a, 53), routing).run();
        Finding f = findings.get(0);
        assertEquals(Status.ERROR, f.status());
        assertEquals("cannot find the servers of example.net.: the resolver did not answer; give one with --parent"
                + " ADDR[:PORT]", f.detail());
        assertEquals(1, findings.stream().filter(x -> x.area().equals("servers")).count(), "reported once per zone");
    }

    @Test
    void aListenerOnAnOlderSerialIsToldToReload() throws Exception {
        serveParent(GOOD_PARENT);
        ServedData old = Fixtures.load(dir.resolve(".."), "old.yaml", Fixtures.GATEWAY.replace("www.example.net.zone",
                "old-www.zone"), Map.of("old-www.zone", Fixtures.WWW_ZONE.replace("2026112301", "2026010101")));
        Snapshot s = SnapshotBuilder.build(old.config(), old.zones(), UplinkTable.fromConfig(old.config()));
        network.servers.put(new InetSocketAddress(ip("192.0.2.3"), 53), s);
        List<String> failed = failed(check());
        assertEquals(List.of("DIFFERENT soa www.example.net. SOA: serial 2026010101 through uplink isp2, zone file has"
                + " 2026112301: the running server has older data; reload it (SIGHUP)"), failed);
    }

    @Test
    void anUplinkOutOfRotationInTheRunningServerIsAWarningNotADifference() throws Exception {
        serveParent(GOOD_PARENT);
        serveGateway(Health.DOWN, Health.UP);
        CheckReport report = check();
        assertEquals(0, report.exitCode(), report.table());
        Finding listener = report.findings().stream()
                .filter(f -> f.area().equals("listener") && f.server().equals("192.0.2.2:53")).findFirst().orElseThrow();
        assertEquals(Status.WARNING, listener.status());
        assertTrue(listener.detail().contains("answers 203.0.113.10 instead of its own 198.51.100.10"), listener.detail());
    }

    @Test
    void missingSourcePolicyRoutingForALocalUplinkIsAWarning() throws Exception {
        serveParent(GOOD_PARENT);
        routing = new FakeHostRouting(Map.of(), Map.of(), "100:	from 192.0.2.2 lookup 101\n32766:	from all lookup main\n",
                Set.of(ip("192.0.2.2"), ip("192.0.2.3")));
        CheckReport report = check();
        assertEquals(0, report.exitCode(), "a warning does not fail the check");
        Map<String, Status> routingBySubject = report.findings().stream().filter(f -> f.area().equals("routing"))
                .collect(Collectors.toMap(Finding::subject, Finding::status));
        assertEquals(Map.of("from 192.0.2.2", Status.OK, "from 192.0.2.3", Status.WARNING), routingBySubject);
    }

    @Test
    void theJsonReportCarriesEveryFindingAndTheExitCode() throws Exception {
        serveParent(GOOD_PARENT.replace("www-ns1 IN A 198.51.100.10", "www-ns1 IN A 192.0.2.99"));
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(check().json());
        assertEquals(1, json.get("exit").asInt());
        assertEquals("differ", json.get("result").asText());
        assertEquals(1, json.get("counts").get("different").asInt());
        boolean named = false;
        for (var f : json.get("findings")) {
            named |= f.get("status").asText().equals("different") && f.get("subject").asText().equals("www-ns1.example.net. A");
        }
        assertTrue(named, json.toPrettyString());
    }

    @Test
    void glueBelowTheCutIsReadFromTheReferralAndServedMailThroughEachListener() throws Exception {
        String exampleNet = """
                $ORIGIN example.net.
                $TTL 3600
                @ IN SOA www-ns1 hostmaster 5 3600 600 86400 300
                  IN NS www-ns1
                  IN NS www-ns2
                www IN NS www-ns1
                www IN NS www-ns2
                www-ns1 IN A 198.51.100.10
                www-ns2 IN A 203.0.113.10
                www-ns2 IN AAAA 2001:db8::10
                """;
        String yaml = Fixtures.GATEWAY.replace("zones:\n", "zones:\n  - name: example.net\n    file: example.net.zone\n");
        gateway = Fixtures.load(dir, "gateway.yaml", yaml,
                Map.of("www.example.net.zone", Fixtures.WWW_ZONE, "example.net.zone", exampleNet));
        serveGateway(Health.UP, Health.UP);
        Path netDir = dir.resolve("net");
        java.nio.file.Files.createDirectories(netDir);
        String net = """
                $ORIGIN net.
                $TTL 3600
                @ IN SOA a.gtld.example. hostmaster.gtld.example. 1 3600 600 86400 300
                  IN NS a.gtld.example.
                example IN NS www-ns1.example.net.
                example IN NS www-ns2.example.net.
                www-ns1.example IN A 192.0.2.99
                www-ns2.example IN A 203.0.113.10
                www-ns2.example IN AAAA 2001:db8::10
                """;
        ServedData tld = Fixtures.load(netDir, "net.yaml", PARENT_CONFIG.replace("example.net", "net"),
                Map.of("net.zone", net));
        network.servers.put(PARENT, SnapshotBuilder.build(tld.config(), tld.zones(), UplinkTable.fromConfig(tld.config())));

        CheckReport report = check();
        assertEquals(List.of("DIFFERENT glue www-ns1.example.net. A: stale record www-ns1.example.net. A 192.0.2.99;"
                + " uplink isp1 is 198.51.100.10 now: replace it"), failed(report), report.table());
        String table = report.table();
        assertTrue(table.contains("10 mail-gw-2.example.net., 20 mail-gw-1.example.net., 90 backup-mx.provider.example."
                + " (through uplink isp2)"), table);
        assertTrue(table.contains("none (right for a zone with per-uplink answers)"), table);
    }
}
