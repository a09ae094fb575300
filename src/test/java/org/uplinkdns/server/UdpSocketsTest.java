package org.uplinkdns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uplinkdns.answer.Responder;
import org.uplinkdns.metrics.ServerRecorder;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.view.ServedData;
import org.uplinkdns.view.SnapshotBuilder;
import org.uplinkdns.view.SnapshotHolder;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * Several UDP sockets per address (one per event loop, SO_REUSEPORT) still behave as one: every
 * client gets its answer from the address it asked, and a port another process holds stops the
 * server at start-up instead of being silently shared.
 */
class UdpSocketsTest {
    private static final InetAddress ADDRESS = address("127.0.3.9");

    @TempDir
    Path dir;

    private SnapshotHolder snapshots() throws Exception {
        Path zones = Path.of("zones").toAbsolutePath();
        Path config = dir.resolve("uplinkdns.yaml");
        Files.writeString(config, String.join("\n",
                "port: 5399",
                "rrl: {enabled: false}   # 32 answers from one client in a burst: not what this test is about",
                "uplinks:",
                "  - {name: isp1, address: 127.0.3.9, public: 198.51.100.10}",
                "zones:",
                "  - {name: www.example.net, file: " + zones.resolve("www.example.net.zone") + "}",
                "self:",
                "  - {name: www.example.net, types: [A], ttl: 10}",
                ""));
        ServedData data = ServedData.load(config);
        return new SnapshotHolder(SnapshotBuilder.build(data.config(), data.zones(), UplinkTable.fromConfig(data.config())));
    }

    private DnsServer server(int port, int threads) throws Exception {
        return new DnsServer(new DnsServer.Options(port, Duration.ofSeconds(5), threads), snapshots(), new Responder(),
                ServerRecorder.NONE);
    }

    @Test
    void everyClientIsAnsweredFromTheAddressItQueried() throws Exception {
        try (DnsServer server = server(0, 2)) {
            server.start(Set.of(ADDRESS));
            int port = server.port(ADDRESS);
            // Many client ports, so the kernel spreads them over the sockets sharing the port.
            for (int i = 0; i < 32; i++) {
                try (DatagramSocket client = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
                    client.connect(ADDRESS, port); // a reply from any other address is not received
                    client.setSoTimeout(5000);
                    assertEquals("198.51.100.10", ask(client, i));
                }
            }
        }
    }

    @Test
    void aPortHeldByAnotherProcessStopsTheStart() throws Exception {
        try (DatagramSocket other = new DatagramSocket(new InetSocketAddress(ADDRESS, 0));
                DnsServer server = server(other.getLocalPort(), 2)) {
            ListenFailure e = assertThrows(ListenFailure.class, () -> server.start(Set.of(ADDRESS)));
            assertTrue(e.addressInUse(), e.getMessage());
            assertTrue(e.getMessage().contains("address already in use"), e.getMessage());
        }
    }

    @Test
    void aPortHeldWithReusePortBySomeoneElseStopsTheStartToo() throws Exception {
        try (DatagramChannel other = DatagramChannel.open()) {
            other.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            other.bind(new InetSocketAddress(ADDRESS, 0));
            int port = ((InetSocketAddress) other.getLocalAddress()).getPort();
            try (DnsServer server = server(port, 2)) {
                ListenFailure e = assertThrows(ListenFailure.class, () -> server.start(Set.of(ADDRESS)));
                assertTrue(e.addressInUse(), e.getMessage());
            }
        }
    }

    private static String ask(DatagramSocket client, int id) throws Exception {
        Message q = Message.newQuery(Record.newRecord(Name.fromString("www.example.net."), Type.A, DClass.IN));
        q.getHeader().setID(id);
        byte[] wire = q.toWire();
        client.send(new DatagramPacket(wire, wire.length));
        DatagramPacket reply = new DatagramPacket(new byte[1232], 1232);
        client.receive(reply);
        Message m = new Message(java.util.Arrays.copyOf(reply.getData(), reply.getLength()));
        assertEquals(id, m.getHeader().getID());
        return ((ARecord) m.getSection(Section.ANSWER).get(0)).getAddress().getHostAddress();
    }

    private static InetAddress address(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
