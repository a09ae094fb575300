package org.uplinkdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.uplinkdns.uplink.FakeHost.global;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uplinkdns.uplink.AddressTracker;
import org.uplinkdns.uplink.FakeHost;
import org.uplinkdns.uplink.Health;
import org.uplinkdns.uplink.Uplink;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.view.SnapshotBuilder;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The running server follows its uplinks: an address change on the (fake) host moves the
 * listener and the answers, keeps health, and a reload rebinds only what it changed. Real
 * sockets on 127.0.0.x, ephemeral ports; the fake host reports loopback addresses as global so
 * no namespace is needed.
 */
class UplinkFollowingTest {
    @TempDir
    Path dir;
    FakeHost host = new FakeHost();
    ServerRuntime runtime;

    private static final String ZONE = """
            $ORIGIN www.example.net.
            @ 3600 IN SOA ns1.example.net. hostmaster.example.net. 1 7200 3600 864000 60
              3600 IN NS  ns1.example.net.
            """;

    private String config(String isp2Address) {
        return """
                port: 0
                uplinks:
                  - name: isp1
                    interface: up1
                  - name: isp2
                    address: %s
                listen: [127.0.0.1]
                zones:
                  - name: www.example.net
                    file: www.zone
                self:
                  - name: www.example.net
                    types: [A]
                """.formatted(isp2Address);
    }

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("www.zone"), ZONE);
        Files.writeString(dir.resolve("uplinkdns.yaml"), config("127.0.0.3"));
        host.set(global("up1", "127.0.0.5"));
        runtime = ServerRuntime.start(dir.resolve("uplinkdns.yaml"), 1, uplinks -> new AddressTracker(uplinks, host));
    }

    @AfterEach
    void stop() {
        runtime.close();
    }

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    /** The A answer for www.example.net from {@code address}, over a connected UDP socket (a reply from elsewhere is never seen). */
    private String askA(String address) throws Exception {
        InetAddress server = ip(address);
        int port = runtime.server().port(server);
        byte[] query = Message.newQuery(Record.newRecord(Name.fromString("www.example.net."), Type.A, DClass.IN)).toWire();
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(ip("127.0.0.1"), 0))) {
            s.connect(server, port);
            s.setSoTimeout(2000);
            s.send(new DatagramPacket(query, query.length));
            DatagramPacket reply = new DatagramPacket(new byte[1232], 1232);
            s.receive(reply);
            List<Record> answer = new Message(java.util.Arrays.copyOf(reply.getData(), reply.getLength())).getSection(Section.ANSWER);
            return answer.stream().map(r -> ((ARecord) r).getAddress().getHostAddress()).sorted()
                    .reduce((a, b) -> a + " " + b).orElse("");
        }
    }

    /** Waits for something the server does on its own thread after an address event (bounded). */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 5 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void anUplinkByInterfaceListensOnAndAnswersWithItsCurrentAddress() throws Exception {
        assertEquals(Set.of(ip("127.0.0.5"), ip("127.0.0.3"), ip("127.0.0.1")), runtime.server().bound());
        assertEquals("127.0.0.5", askA("127.0.0.5"));
        assertEquals("127.0.0.3", askA("127.0.0.3"));
        assertEquals("127.0.0.3 127.0.0.5", askA("127.0.0.1"));
    }

    @Test
    void anAddressChangeMovesTheListenerAndTheAnswersWithoutTouchingOthers() throws Exception {
        int isp2Port = runtime.server().port(ip("127.0.0.3"));
        host.change(global("up1", "127.0.0.6"));
        await("listener on 127.0.0.6 and none on 127.0.0.5", () -> runtime.server().bound().equals(Set.of(
                uncheckedIp("127.0.0.6"), uncheckedIp("127.0.0.3"), uncheckedIp("127.0.0.1"))));
        assertEquals("127.0.0.6", askA("127.0.0.6"));
        assertEquals("127.0.0.3 127.0.0.6", askA("127.0.0.1"));
        assertEquals(isp2Port, runtime.server().port(ip("127.0.0.3")), "an unchanged listener keeps its socket");
    }

    @Test
    void anInterfaceLosingItsAddressClosesTheListenerAndGettingOneBackReopensIt() throws Exception {
        host.change();
        await("no listener for isp1", () -> runtime.server().bound().size() == 2);
        assertEquals("127.0.0.3", askA("127.0.0.1"));
        host.change(global("up1", "127.0.0.5"));
        await("isp1 listening again", () -> runtime.server().bound().size() == 3);
        assertEquals("127.0.0.5", askA("127.0.0.5"));
    }

    @Test
    void addressChangesKeepTheHealthOfEveryUplink() throws Exception {
        assertTrue(runtime.health().drain("isp2"));
        host.change(global("up1", "127.0.0.6"));
        await("snapshot with 127.0.0.6", () -> runtime.snapshots().get().listenerAddresses().contains(uncheckedIp("127.0.0.6")));
        Uplink isp2 = runtime.snapshots().get().uplinks().byName("isp2").orElseThrow();
        assertEquals(Health.DRAINED, isp2.health());
        assertEquals("127.0.0.6", askA("127.0.0.1"), "the internal view leaves the dead uplink out");
    }

    @Test
    void aReloadRebindsOnlyWhatItChanged() throws Exception {
        int loopbackPort = runtime.server().port(ip("127.0.0.1"));
        int isp1Port = runtime.server().port(ip("127.0.0.5"));
        Files.writeString(dir.resolve("uplinkdns.yaml"), config("127.0.0.4"));
        assertEquals(List.of(), runtime.reload());
        assertEquals(Set.of(ip("127.0.0.5"), ip("127.0.0.4"), ip("127.0.0.1")), runtime.server().bound());
        assertEquals(loopbackPort, runtime.server().port(ip("127.0.0.1")));
        assertEquals(isp1Port, runtime.server().port(ip("127.0.0.5")));
        assertEquals("127.0.0.4", askA("127.0.0.4"));
    }

    @Test
    void aBadReloadChangesNothing() throws Exception {
        Set<InetAddress> before = runtime.server().bound();
        Files.writeString(dir.resolve("uplinkdns.yaml"), config("127.0.0.4").replace("interface: up1", "interface: up1\n    address: 127.0.0.9"));
        assertFalse(runtime.reload().isEmpty());
        assertEquals(before, runtime.server().bound());
        host.change(global("up1", "127.0.0.6"));
        await("still following up1", () -> runtime.server().bound().contains(uncheckedIp("127.0.0.6")));
        assertTrue(runtime.server().bound().contains(ip("127.0.0.3")));
    }

    private static InetAddress uncheckedIp(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }
}
