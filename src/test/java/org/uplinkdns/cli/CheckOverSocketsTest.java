package org.uplinkdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uplinkdns.answer.Responder;
import org.uplinkdns.config.Addresses;
import org.uplinkdns.delegation.CheckReport;
import org.uplinkdns.delegation.DnsProbe;
import org.uplinkdns.delegation.Finding;
import org.uplinkdns.delegation.HostRouting;
import org.uplinkdns.delegation.ParentCheck;
import org.uplinkdns.delegation.ParentPlan;
import org.uplinkdns.metrics.ServerRecorder;
import org.uplinkdns.server.DnsServer;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.view.ServedData;
import org.uplinkdns.view.SnapshotBuilder;
import org.uplinkdns.view.SnapshotHolder;
import picocli.CommandLine;

/**
 * {@code check} over real sockets on loopback: a gateway and a parent zone each served by a
 * {@link DnsServer} on an ephemeral port, and a socket that never answers. Also the command
 * line's usage errors.
 */
class CheckOverSocketsTest {
    private static final InetAddress ISP1 = ip("127.0.4.21");
    private static final InetAddress ISP2 = ip("127.0.4.22");
    private static final InetAddress PARENT = ip("127.0.4.30");
    private static final InetAddress SILENT = ip("127.0.4.31");

    @TempDir
    Path dir;

    private DnsServer gatewayServer;
    private DnsServer parentServer;

    private static InetAddress ip(String text) {
        return Addresses.parseLiteral(text).orElseThrow();
    }

    @AfterEach
    void stop() {
        if (gatewayServer != null) {
            gatewayServer.close();
        }
        if (parentServer != null) {
            parentServer.close();
        }
    }

    private ServedData write(String name, String yaml, String zoneName, String zone) throws Exception {
        Files.writeString(dir.resolve(zoneName), zone);
        Files.writeString(dir.resolve(name), yaml);
        return ServedData.load(dir.resolve(name));
    }

    private static DnsServer serve(ServedData data, Set<InetAddress> addresses) throws Exception {
        SnapshotHolder holder = new SnapshotHolder(SnapshotBuilder.build(data.config(), data.zones(),
                UplinkTable.fromConfig(data.config())));
        DnsServer server = new DnsServer(new DnsServer.Options(0, Duration.ofSeconds(5), 1), holder, new Responder(),
                ServerRecorder.NONE);
        server.start(addresses);
        return server;
    }

    private ServedData gateway() throws Exception {
        return write("gateway.yaml", """
                uplinks:
                  - name: isp1
                    address: 127.0.4.21
                    public: 198.51.100.10
                  - name: isp2
                    address: 127.0.4.22
                    public: 203.0.113.10
                zones:
                  - name: www.example.net
                    file: www.zone
                self:
                  - name: www.example.net
                    types: [A]
                """, "www.zone", """
                $ORIGIN www.example.net.
                $TTL 86400
                @ IN SOA www-ns1.example.net. hostmaster.example.net. 7 3600 600 86400 60
                  IN NS www-ns1.example.net.
                  IN NS www-ns2.example.net.
                """);
    }

    private CheckReport check(ServedData gw, InetSocketAddress parent, DnsProbe probe) {
        UplinkTable uplinks = UplinkTable.fromConfig(gw.config());
        ParentPlan plan = ParentPlan.of(gw.config(), gw.zones(), uplinks, HostRouting.UNKNOWN);
        ParentCheck.ServerFinder finder = zone -> new ParentCheck.Servers(List.of(parent), "--parent", Optional.empty());
        return new CheckReport("gateway.yaml", new ParentCheck(gw.config(), gw.zones(), uplinks, plan, probe, finder,
                a -> new InetSocketAddress(a, gatewayServer.port(a)), HostRouting.UNKNOWN).run());
    }

    @Test
    void staleGlueInAParentOnLoopbackIsNamedAndTheFixedParentAgrees() throws Exception {
        ServedData gw = gateway();
        gatewayServer = serve(gw, Set.of(ISP1, ISP2));
        String parentZone = """
                $ORIGIN example.net.
                $TTL 3600
                @ IN SOA ns.provider.example. hostmaster.provider.example. 1 3600 600 86400 300
                  IN NS ns.provider.example.
                www IN NS www-ns1
                www IN NS www-ns2
                www-ns1 IN A 192.0.2.99
                www-ns2 IN A 203.0.113.10
                """;
        String parentYaml = "uplinks:\n  - name: provider\n    address: 127.0.4.30\nzones:\n"
                + "  - name: example.net\n    file: parent.zone\n";
        parentServer = serve(write("parent.yaml", parentYaml, "parent.zone", parentZone), Set.of(PARENT));
        InetSocketAddress parent = new InetSocketAddress(PARENT, parentServer.port(PARENT));
        DnsProbe probe = DnsProbe.udp(Duration.ofSeconds(2), 2);

        CheckReport stale = check(gw, parent, probe);
        assertEquals(1, stale.exitCode(), stale.table());
        List<Finding> failed = stale.findings().stream().filter(Finding::failed).toList();
        assertEquals(1, failed.size(), stale.table());
        assertEquals("www-ns1.example.net. A", failed.get(0).subject());
        assertTrue(failed.get(0).detail().startsWith("stale record www-ns1.example.net. A 192.0.2.99;"), failed.get(0).detail());

        parentServer.close();
        parentServer = serve(write("parent.yaml", parentYaml, "parent.zone",
                parentZone.replace("192.0.2.99", "198.51.100.10")), Set.of(PARENT));
        CheckReport fixed = check(gw, new InetSocketAddress(PARENT, parentServer.port(PARENT)), probe);
        assertEquals(0, fixed.exitCode(), fixed.table());
        assertTrue(fixed.table().contains("uplink isp2 answers its own address 203.0.113.10"), fixed.table());
    }

    @Test
    void aParentThatNeverAnswersCostsItsTriesOnceAndNoMore() throws Exception {
        ServedData gw = gateway();
        gatewayServer = serve(gw, Set.of(ISP1, ISP2));
        AtomicInteger received = new AtomicInteger();
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(SILENT, 0))) {
            Thread sink = new Thread(() -> {
                byte[] buffer = new byte[512];
                while (!silent.isClosed()) {
                    try {
                        silent.receive(new DatagramPacket(buffer, buffer.length));
                        received.incrementAndGet();
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            });
            sink.setDaemon(true);
            sink.start();
            InetSocketAddress parent = new InetSocketAddress(SILENT, silent.getLocalPort());
            CheckReport report = assertTimeoutPreemptively(Duration.ofSeconds(60),
                    () -> check(gw, parent, DnsProbe.udp(Duration.ofMillis(300), 2)), "check must never hang");
            List<Finding> servers = report.findings().stream().filter(f -> f.area().equals("servers")).toList();
            assertEquals(1, servers.size(), report.table());
            assertTrue(servers.get(0).detail().startsWith("no answer after 2 tries of 300ms"), servers.get(0).detail());
            assertEquals(1, report.exitCode());
            assertEquals(2, received.get(), "two tries of one question, then the server is not asked again");
        } catch (SocketException e) {
            throw new AssertionError("cannot bind " + SILENT, e);
        }
    }

    private static int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setErr(new PrintWriter(new StringWriter()));
        cl.setOut(new PrintWriter(new StringWriter()));
        return cl.execute(args);
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        Path config = dir.resolve("gateway.yaml");
        gateway();
        assertEquals(2, run("check"), "no --config");
        assertEquals(2, run("check", "--config", config.toString(), "--parent", "ns.example.net"), "a name, not an address");
        assertEquals(2, run("check", "--config", config.toString(), "--parent", "127.0.4.30:70000"), "port out of range");
        assertEquals(2, run("check", "--config", config.toString(), "--timeout", "soon"));
        assertEquals(2, run("check", "--config", config.toString(), "--tries", "0"));
        assertEquals(2, run("check", "--config", dir.resolve("missing.yaml").toString(), "--parent", "127.0.4.30"));
        assertEquals(2, run("plan"));
    }

    @Test
    void parentAddressesAreReadWithOrWithoutAPort() {
        CheckCommand.ServerConverter c = new CheckCommand.ServerConverter();
        assertEquals(new InetSocketAddress(ip("127.0.4.30"), 53), c.convert("127.0.4.30"));
        assertEquals(new InetSocketAddress(ip("127.0.4.30"), 5501), c.convert("127.0.4.30:5501"));
        assertEquals(new InetSocketAddress(ip("::1"), 53), c.convert("::1"));
        assertEquals(new InetSocketAddress(ip("::1"), 5501), c.convert("[::1]:5501"));
    }
}
