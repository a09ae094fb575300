package org.uplinkdns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.uplinkdns.answer.Responder;
import org.uplinkdns.metrics.ServerRecorder;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.view.ServedData;
import org.uplinkdns.view.Snapshot;
import org.uplinkdns.view.SnapshotBuilder;
import org.uplinkdns.view.SnapshotHolder;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The listeners over real sockets, with the demo config: uplink isp1 on 127.0.0.2 (public
 * 198.51.100.10), isp2 on 127.0.0.3 (public 203.0.113.10), a LAN listener on 127.0.0.1. UDP
 * clients use a connected socket, so a reply from any address but the one queried is never
 * received and the test fails.
 */
class DnsServerTest {
    static final InetAddress ISP1 = ip("127.0.0.2");
    static final InetAddress ISP2 = ip("127.0.0.3");
    static final InetAddress LAN = ip("127.0.0.1");
    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(5);

    static SnapshotHolder snapshots;
    static DnsServer server;

    @BeforeAll
    static void start() throws Exception {
        ServedData data = ServedData.load(Path.of("conf/demo.yaml"));
        Snapshot snapshot = SnapshotBuilder.build(data.config(), data.zones(), UplinkTable.fromConfig(data.config()));
        snapshots = new SnapshotHolder(snapshot);
        server = newServer(Duration.ofSeconds(30));
        server.start(snapshot.listenerAddresses());
        assertEquals(Set.of(ISP1, ISP2, LAN), server.bound());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static DnsServer newServer(Duration idle) {
        return newServer(0, idle);
    }

    static DnsServer newServer(int port, Duration idle) {
        return new DnsServer(new DnsServer.Options(port, idle, 1), snapshots, new Responder(), ServerRecorder.NONE);
    }

    // ---- the view follows the receiving address ----

    @Test
    void eachUplinkAddressAnswersWithItsOwnUplinkOverUdp() throws Exception {
        assertEquals(List.of("198.51.100.10"), addresses(udp(ISP1, server.port(ISP1), query("www.example.net", Type.A))));
        assertEquals(List.of("203.0.113.10"), addresses(udp(ISP2, server.port(ISP2), query("www.example.net", Type.A))));
        assertEquals(List.of("198.51.100.10", "203.0.113.10"),
                addresses(udp(LAN, server.port(LAN), query("www.example.net", Type.A))));
    }

    @Test
    void eachUplinkAddressAnswersWithItsOwnUplinkOverTcp() throws Exception {
        try (Tcp isp1 = new Tcp(ISP1, server.port(ISP1)); Tcp isp2 = new Tcp(ISP2, server.port(ISP2))) {
            assertEquals(List.of("198.51.100.10"), addresses(isp1.ask(query("www.example.net", Type.A))));
            assertEquals(List.of("203.0.113.10"), addresses(isp2.ask(query("www.example.net", Type.A))));
        }
    }

    @Test
    void theRestOfTheAnswerComesThroughUnchanged() throws Exception {
        Message nx = udp(ISP1, server.port(ISP1), query("nosuch.www.example.net", Type.A));
        assertEquals(Rcode.NXDOMAIN, nx.getRcode());
        assertTrue(nx.getHeader().getFlag(Flags.AA));
        assertEquals(Type.SOA, nx.getSection(Section.AUTHORITY).get(0).getType());
        assertEquals(Rcode.REFUSED, udp(ISP2, server.port(ISP2), query("example.org", Type.A)).getRcode());
    }

    // ---- TCP (RFC 7766) ----

    @Test
    void twoPipelinedQueriesOnOneConnectionAreAnsweredInOrder() throws Exception {
        Message first = query("www.example.net", Type.A);
        Message second = query("example.net", Type.MX);
        try (Tcp tcp = new Tcp(ISP2, server.port(ISP2))) {
            tcp.send(frame(first.toWire()), frame(second.toWire())); // both written before reading
            Message a = tcp.read();
            Message b = tcp.read();
            assertEquals(first.getHeader().getID(), a.getHeader().getID());
            assertEquals(second.getHeader().getID(), b.getHeader().getID());
            assertEquals(List.of("203.0.113.10"), addresses(a));
            assertEquals(2, b.getSection(Section.ANSWER).size(), b.toString());
            assertEquals(Type.MX, b.getSection(Section.ANSWER).get(0).getType());
        }
    }

    @Test
    void anIdleTcpConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        Duration idle = Duration.ofMillis(300);
        try (DnsServer quick = newServer(idle)) {
            quick.start(Set.of(ISP2));
            try (Tcp tcp = new Tcp(ISP2, quick.port(ISP2))) {
                assertEquals(List.of("203.0.113.10"), addresses(tcp.ask(query("www.example.net", Type.A))),
                        "an active connection is served");
                long idleSince = System.nanoTime();
                assertEquals(-1, tcp.in.read(), "the server closes the idle connection");
                long idleMillis = (System.nanoTime() - idleSince) / 1_000_000;
                assertTrue(idleMillis >= idle.toMillis() / 2, "closed early, after " + idleMillis + " ms");
            }
        }
    }

    // ---- bad input ----

    @Test
    void malformedPacketsNeverStopTheServer() throws Exception {
        List<byte[]> bad = malformedPackets();
        int port = server.port(ISP1);
        try (DatagramSocket s = connectedUdp(ISP1, port)) {
            for (byte[] packet : bad) {
                s.send(new DatagramPacket(packet, packet.length));
            }
            Message q = query("www.example.net", Type.A);
            byte[] wire = q.toWire();
            s.send(new DatagramPacket(wire, wire.length));
            assertEquals(List.of("198.51.100.10"), addresses(receiveMatching(s, q)), "UDP still answers");
        }
        try (Tcp tcp = new Tcp(ISP1, port)) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] packet : bad) {
                all.writeBytes(frame(packet));
            }
            Message q = query("www.example.net", Type.A);
            all.writeBytes(frame(q.toWire()));
            tcp.send(all.toByteArray());
            Message answer = tcp.read();
            while (answer.getHeader().getID() != q.getHeader().getID() || answer.getQuestion() == null) {
                answer = tcp.read();
            }
            assertEquals(List.of("198.51.100.10"), addresses(answer), "the same TCP connection still answers");
        }
        try (Tcp lying = new Tcp(ISP1, port)) {
            lying.send(new byte[] {0x10, 0x00, 0x12, 0x34}); // announces 4096 bytes, sends 2, hangs up
        }
        try (Tcp tcp = new Tcp(ISP1, port)) {
            assertEquals(List.of("198.51.100.10"), addresses(tcp.ask(query("www.example.net", Type.A))),
                    "a new TCP connection is answered");
        }
        assertEquals(List.of("198.51.100.10"), addresses(udp(ISP1, port, query("www.example.net", Type.A))));
    }

    @Test
    void aQueryCarryingARecordWithTtlFfffffffIsStillAnsweredWithItsId() throws Exception {
        byte[] ttl = ttlFfffffff();
        try (DatagramSocket s = connectedUdp(ISP1, server.port(ISP1))) {
            s.send(new DatagramPacket(ttl, ttl.length));
            Message reply = receive(s);
            assertEquals(0x7e57, reply.getHeader().getID());
            assertTrue(reply.getHeader().getFlag(Flags.QR));
            assertTrue(Set.of(Rcode.NOERROR, Rcode.FORMERR).contains(reply.getRcode()), reply.toString());
        }
    }

    /** Packets a server meets on the Internet; none may stop it. */
    static List<byte[]> malformedPackets() {
        List<byte[]> bad = new ArrayList<>();
        bad.add(new byte[] {0x12, 0x34, 0x01});                                          // short header
        bad.add(new byte[0]);                                                            // empty
        bad.add(concat(header(0x1001, 1, 0xffff, 0xffff, 0xffff), question()));          // lying counts
        bad.add(concat(header(0x1002, 1, 0, 0, 0), new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1})); // pointer to itself
        bad.add(concat(header(0x1003, 1, 0, 0, 0),
                new byte[] {1, 'a', (byte) 0xc0, 12, 0, 1, 0, 1}));                      // loop through a label
        bad.add(concat(header(0x1004, 1, 0, 0, 0),
                new byte[] {(byte) 0xc0, 18, 0, 1, 0, 1, 3, 'w', 'w', 'w', 0}));         // forward pointer
        bad.add(concat(header(0x1005, 1, 0, 0, 0), new byte[] {(byte) 0xc0, (byte) 0xff})); // pointer past the end
        bad.add(concat(header(0x1006, 1, 1, 0, 0), question(),
                new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 10, 0, 4, 1}));        // truncated record
        bad.add(concat(header(0x1007, 1, 1, 0, 0), question(),
                new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 10, (byte) 0xff, (byte) 0xff})); // rdlength past the end
        bad.add(ttlFfffffff());                                                           // TTL 0xFFFFFFFF
        bad.add(concat(header(0x1008, 1, 0, 0, 0), new byte[] {64}, new byte[64], new byte[] {0, 0, 1, 0, 1})); // label of 64
        byte[] longName = new byte[300];
        for (int i = 0; i < 290; i += 2) {
            longName[i] = 1;
            longName[i + 1] = 'x';
        }
        bad.add(concat(header(0x1009, 1, 0, 0, 0), longName, new byte[] {0, 1, 0, 1}));   // name over 255 bytes
        bad.add(concat(header(0x100a, 1, 0, 0, 1), question(),
                new byte[] {0, 0, 41, 4, (byte) 0xd0, 0, 0, 0, 0, 0, 6, 0, 10, (byte) 0xff, (byte) 0xff, 0, 0})); // OPT option past the end
        byte[] response = concat(header(0x100b, 1, 0, 0, 0), question());
        response[2] |= (byte) 0x80;
        bad.add(response);                                                                // a response: dropped
        Random random = new Random(20261123);
        for (int i = 0; i < 200; i++) {
            byte[] junk = new byte[random.nextInt(300)];
            random.nextBytes(junk);
            bad.add(junk);
            byte[] prefixed = concat(header(0x2000 + i, 1, random.nextInt(3), random.nextInt(3), random.nextInt(3)), junk);
            bad.add(prefixed);                                                            // a plausible header, junk after it
        }
        return bad;
    }

    static byte[] ttlFfffffff() {
        return concat(header(0x7e57, 1, 1, 0, 0), question(),
                new byte[] {(byte) 0xc0, 12, 0, 1, 0, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 4, (byte) 192, 0, 2, 1});
    }

    // ---- listeners ----

    @Test
    void aSecondServerOnTheSameAddressAndPortFailsWithAClearError() {
        int port = server.port(ISP1);
        try (DnsServer second = newServer(port, Duration.ofSeconds(10))) {
            ListenFailure e = assertThrows(ListenFailure.class, () -> second.start(Set.of(ISP1)));
            assertTrue(e.getMessage().contains("127.0.0.2:" + port), e.getMessage());
            assertTrue(e.getMessage().contains("address already in use"), e.getMessage());
            assertTrue(e.addressInUse());
            assertTrue(second.bound().isEmpty());
        }
    }

    @Test
    void reconcileClosesARemovedAddressAndOpensANewOne() throws Exception {
        InetAddress removed = ip("127.0.0.5");
        InetAddress added = ip("127.0.0.6");
        try (DnsServer s = newServer(Duration.ofSeconds(10))) {
            s.start(Set.of(ISP1, removed));
            int isp1Port = s.port(ISP1);
            int removedPort = s.port(removed);
            assertEquals(Rcode.NOERROR, udp(removed, removedPort, query("www.example.net", Type.A)).getRcode());

            s.reconcile(Set.of(ISP1, added));

            assertEquals(Set.of(ISP1, added), s.bound());
            assertEquals(isp1Port, s.port(ISP1), "a kept address keeps its sockets");
            assertEquals(List.of("198.51.100.10"), addresses(udp(ISP1, isp1Port, query("www.example.net", Type.A))));
            assertEquals(List.of("198.51.100.10", "203.0.113.10"),
                    addresses(udp(added, s.port(added), query("www.example.net", Type.A))),
                    "an address that is no uplink's sees the internal view");
            assertThrows(ConnectException.class, () -> new Socket(removed, removedPort).close(), "TCP closed");
            try (DatagramSocket udp = connectedUdp(removed, removedPort)) {
                byte[] wire = query("www.example.net", Type.A).toWire();
                udp.setSoTimeout(500);
                udp.send(new DatagramPacket(wire, wire.length));
                assertThrows(IOException.class, () -> receive(udp), "UDP closed");
            }
        }
    }

    // ---- client helpers ----

    static Message query(String name, int type) {
        return Message.newQuery(Record.newRecord(Name.fromConstantString(name + "."), type, 1));
    }

    static List<String> addresses(Message m) {
        assertEquals(Rcode.NOERROR, m.getRcode(), m.toString());
        return m.getSection(Section.ANSWER).stream().filter(r -> r.getType() == Type.A)
                .map(Record::rdataToString).sorted().toList();
    }

    static DatagramSocket connectedUdp(InetAddress server, int port) throws IOException {
        DatagramSocket s = new DatagramSocket();
        s.connect(server, port);
        s.setSoTimeout((int) CLIENT_TIMEOUT.toMillis());
        return s;
    }

    static Message udp(InetAddress server, int port, Message query) throws IOException {
        try (DatagramSocket s = connectedUdp(server, port)) {
            byte[] wire = query.toWire();
            s.send(new DatagramPacket(wire, wire.length));
            return receiveMatching(s, query);
        }
    }

    static Message receive(DatagramSocket s) throws IOException {
        byte[] buf = new byte[65535];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        assertEquals(s.getInetAddress(), p.getAddress(), "the reply comes from the address queried");
        byte[] data = new byte[p.getLength()];
        System.arraycopy(buf, 0, data, 0, data.length);
        return new Message(data);
    }

    /** Skips replies to earlier packets (FORMERR for the malformed ones) until the reply to {@code q}. */
    static Message receiveMatching(DatagramSocket s, Message q) throws IOException {
        for (int i = 0; i < 1000; i++) {
            Message m;
            try {
                m = receive(s);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no reply to the query within " + CLIENT_TIMEOUT, e);
            } catch (IOException | RuntimeException e) {
                continue; // not our reply; the server answered a malformed packet with something odd
            }
            if (m.getHeader().getID() == q.getHeader().getID() && m.getQuestion() != null
                    && m.getQuestion().getName().equals(q.getQuestion().getName())) {
                return m;
            }
        }
        throw new AssertionError("no reply to the query among 1000 packets");
    }

    static byte[] frame(byte[] message) {
        return concat(new byte[] {(byte) (message.length >> 8), (byte) message.length}, message);
    }

    /** One TCP connection to a listener. */
    static final class Tcp implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final OutputStream out;

        Tcp(InetAddress server, int port) throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress(server, port), (int) CLIENT_TIMEOUT.toMillis());
            socket.setSoTimeout((int) CLIENT_TIMEOUT.toMillis());
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void send(byte[]... chunks) throws IOException {
            out.write(concat(chunks));
            out.flush();
        }

        Message read() throws IOException {
            DataInputStream data = new DataInputStream(in);
            int length = data.readUnsignedShort();
            byte[] message = new byte[length];
            data.readFully(message);
            return new Message(message);
        }

        Message ask(Message q) throws IOException {
            send(frame(q.toWire()));
            Message m = read();
            assertEquals(q.getHeader().getID(), m.getHeader().getID());
            return m;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    static byte[] header(int id, int qd, int an, int ns, int ar) {
        return new byte[] {(byte) (id >> 8), (byte) id, 0x01, 0x00, (byte) (qd >> 8), (byte) qd,
            (byte) (an >> 8), (byte) an, (byte) (ns >> 8), (byte) ns, (byte) (ar >> 8), (byte) ar};
    }

    /** www.example.net A IN, at offset 12. */
    static byte[] question() {
        return concat(Name.fromConstantString("www.example.net.").toWire(), new byte[] {0, 1, 0, 1});
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

}
