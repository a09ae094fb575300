package org.uplinkdns.answer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.uplinkdns.testsupport.Served;
import org.uplinkdns.view.Snapshot;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;

/**
 * Coverage-guided fuzzing of decode and answer: any bytes, on any listener, over either transport.
 * {@code mvn verify} replays the seeds and every kept finding under
 * {@code src/test/resources/org/uplinkdns/answer/ResponderFuzzTestInputs/respond/};
 * {@code test/fuzz/jazzer.sh} fuzzes for real.
 *
 * <p>What must hold for every input: no exception escapes; a packet is dropped only when it is
 * shorter than a header or is itself a response; every reply parses, is a response with the query's
 * ID, and over UDP fits the largest payload we ever send; its slipped (rate-limited) form parses too.
 */
class ResponderFuzzTest {
    private static final InetAddress ISP1 = ip("127.0.0.2");
    private static final InetAddress LAN = ip("127.0.0.1");
    private static final InetAddress CLIENT = ip("192.0.2.53");
    /** The demo as shipped: CHAOS off, transfers refused. */
    private static final Snapshot DEMO = Served.snapshot(Path.of("conf/demo.yaml"));
    /** The demo zones with every optional answer switched on, so the fuzzer reaches those paths too. */
    private static final Snapshot OPEN = openSnapshot();

    private final Responder responder = new Responder();

    @FuzzTest(maxDuration = "10m")
    void respond(byte[] packet) {
        check(DEMO, packet, ISP1, Transport.UDP);
        check(DEMO, packet, LAN, Transport.TCP);
        check(OPEN, packet, ISP1, Transport.TCP);
        check(OPEN, packet, LAN, Transport.UDP);
    }

    private void check(Snapshot snapshot, byte[] packet, InetAddress local, Transport transport) {
        Response r = responder.respond(snapshot, packet, local, CLIENT, transport);
        if (r.isDropped()) {
            assertTrue(packet.length < 12 || (packet[2] & 0x80) != 0, "only runts and responses are dropped");
            return;
        }
        int id = ((packet[0] & 0xff) << 8) | (packet[1] & 0xff);
        Message reply = parse(r.wire());
        assertEquals(id, reply.getHeader().getID());
        assertTrue(reply.getHeader().getFlag(Flags.QR));
        if (transport == Transport.UDP) {
            assertTrue(r.wire().length <= Responder.MAX_UDP_PAYLOAD, "UDP reply of " + r.wire().length + " bytes");
            assertTrue(parse(Slip.of(r.wire())).getHeader().getFlag(Flags.TC));
        }
        for (byte[] more : r.more()) {
            assertTrue(more.length <= 65535);
            parse(more);
        }
    }

    private static Message parse(byte[] wire) {
        try {
            return new Message(wire);
        } catch (IOException e) {
            throw new AssertionError("the server sent a message it cannot parse itself", e);
        }
    }

    private static Snapshot openSnapshot() {
        try {
            Path dir = Files.createTempDirectory("uplinkdns-fuzz");
            dir.toFile().deleteOnExit();
            return Served.snapshot(Served.demo(dir, """
                    transfer: {allow: [0.0.0.0/0, "::/0"]}
                    chaos: {version: uplinkdns, hostname: fuzz}
                    """));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
