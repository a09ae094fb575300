package org.uplinkdns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uplinkdns.testsupport.DnsClient;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Each TCP limit, seen by a client over real sockets. */
class TcpLimitsTest {
    @TempDir
    Path dir;

    @Test
    void aClientBeyondItsConnectionLimitIsClosedWhileItsFirstConnectionsStillWork() throws Exception {
        try (RunningServer s = new RunningServer(dir, "tcp: {max-connections-per-client: 2}\n")) {
            List<Socket> open = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    Socket c = connect(s, "127.0.0.1");
                    open.add(c);
                }
                Socket third = open.get(2);
                third.setSoTimeout(3000);
                assertTrue(DnsClient.closedByServer(third), "the third connection from one client is closed");
                for (Socket c : open.subList(0, 2)) {
                    DnsClient.send(c, DnsClient.query("www.example.net.", Type.A));
                    assertEquals(1, DnsClient.receive(c).getSectionArray(Section.ANSWER).length);
                }
                // another client address is not counted against this one
                Socket other = connect(s, "127.0.0.9");
                open.add(other);
                DnsClient.send(other, DnsClient.query("www.example.net.", Type.A));
                assertNotNull(DnsClient.receive(other));
                assertEquals(1, s.recorder.limited("max_per_client"));
            } finally {
                for (Socket c : open) {
                    c.close();
                }
            }
        }
    }

    @Test
    void connectionsOverTheOverallLimitAreClosedAndFreedSlotsAreReused() throws Exception {
        try (RunningServer s = new RunningServer(dir, "tcp: {max-connections: 2}\n")) {
            Socket a = connect(s, "127.0.0.10");
            Socket b = connect(s, "127.0.0.11");
            Socket c = connect(s, "127.0.0.12");
            c.setSoTimeout(3000);
            assertTrue(DnsClient.closedByServer(c));
            assertEquals(1, s.recorder.limited("max_connections"));
            a.close();
            b.close();
            waitUntil(() -> s.recorder.tcpClosed.get() == 2);
            assertEquals(Rcode.NOERROR, DnsClient.tcp(RunningServer.ISP1, s.port, "www.example.net.", Type.A).getRcode());
            c.close();
        }
    }

    @Test
    void aConnectionIsClosedAfterItsQueryBudgetWithEveryAnswerDelivered() throws Exception {
        try (RunningServer s = new RunningServer(dir, "tcp: {max-queries-per-connection: 3}\n")) {
            try (Socket c = connect(s, "127.0.0.1")) {
                c.setSoTimeout(3000);
                ByteArrayOutputStream five = new ByteArrayOutputStream();
                for (int i = 0; i < 5; i++) {
                    byte[] q = DnsClient.query("www.example.net.", Type.A);
                    five.write(q.length >> 8);
                    five.write(q.length);
                    five.write(q);
                }
                c.getOutputStream().write(five.toByteArray()); // pipelined in one segment
                for (int i = 0; i < 3; i++) {
                    Message m = DnsClient.receive(c);
                    assertNotNull(m, "answer " + (i + 1) + " of 3");
                    assertEquals(1, m.getSectionArray(Section.ANSWER).length);
                }
                assertNull(DnsClient.receive(c), "then the server closes the connection");
                assertEquals(1, s.recorder.limited("max_queries"));
            }
        }
    }

    @Test
    void aTrickledLengthPrefixIsCutOffAtTheReadTimeout() throws Exception {
        try (RunningServer s = new RunningServer(dir, "tcp: {read-timeout: 300ms, idle-timeout: 30s}\n")) {
            try (Socket c = connect(s, "127.0.0.1")) {
                c.getOutputStream().write(0); // half a length prefix, then nothing
                c.setSoTimeout(5000);
                long start = System.nanoTime();
                assertTrue(DnsClient.closedByServer(c));
                assertTrue(System.nanoTime() - start < 4_000_000_000L, "closed by the read timeout, not the idle one");
                assertEquals(1, s.recorder.limited("read_timeout"));
            }
        }
    }

    @Test
    void aMessageTrickledOneByteAtATimeIsCutOffAlthoughTheConnectionNeverGoesIdle() throws Exception {
        try (RunningServer s = new RunningServer(dir, "tcp: {read-timeout: 500ms, idle-timeout: 30s}\n")) {
            try (Socket c = connect(s, "127.0.0.1")) {
                byte[] q = DnsClient.query("www.example.net.", Type.A);
                OutputStream out = c.getOutputStream();
                out.write(new byte[] {0, (byte) q.length});
                boolean cut = false;
                for (int i = 0; i < q.length && !cut; i++) {
                    try {
                        out.write(q[i]);
                        out.flush();
                    } catch (java.io.IOException e) {
                        cut = true;
                    }
                    Thread.sleep(100); // the slowloris pace: one byte every 100 ms
                }
                c.setSoTimeout(3000);
                assertTrue(cut || DnsClient.closedByServer(c));
                assertEquals(1, s.recorder.limited("read_timeout"));
            }
        }
    }

    @Test
    void aMessageSplitAcrossSegmentsButCompleteInTimeIsAnswered() throws Exception {
        try (RunningServer s = new RunningServer(dir, "tcp: {read-timeout: 2s}\n")) {
            try (Socket c = connect(s, "127.0.0.1")) {
                c.setSoTimeout(3000);
                c.setTcpNoDelay(true);
                byte[] q = DnsClient.query("www.example.net.", Type.A);
                OutputStream out = c.getOutputStream();
                out.write(0);
                out.flush();
                Thread.sleep(50);
                out.write(q.length);
                out.write(q, 0, 5);
                out.flush();
                Thread.sleep(50);
                out.write(q, 5, q.length - 5);
                out.flush();
                assertEquals(1, DnsClient.receive(c).getSectionArray(Section.ANSWER).length);
                assertEquals(0, s.recorder.limited("read_timeout"));
            }
        }
    }

    @Test
    void anIdleConnectionIsClosed() throws Exception {
        try (RunningServer s = new RunningServer(dir, "tcp: {idle-timeout: 300ms}\n")) {
            try (Socket c = connect(s, "127.0.0.1")) {
                c.setSoTimeout(5000);
                assertTrue(DnsClient.closedByServer(c));
            }
        }
    }

    @Test
    void aClientThatNeverReadsStallsItselfNotTheServer() throws Exception {
        try (RunningServer s = new RunningServer(dir, "tcp: {idle-timeout: 4s, max-queries-per-connection: 0}\n")) {
            try (SocketChannel c = SocketChannel.open()) {
                c.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
                c.bind(new InetSocketAddress(RunningServer.ip("127.0.0.1"), 0));
                c.connect(new InetSocketAddress(RunningServer.ISP1, s.port));
                c.configureBlocking(false);
                byte[] q = DnsClient.query("example.net.", Type.MX);
                ByteBuffer frame = ByteBuffer.allocate(q.length + 2).putShort((short) q.length).put(q);
                long sent = 0;
                long stalledSince = 0;
                long deadline = System.nanoTime() + 30_000_000_000L;
                frame.flip();
                while (System.nanoTime() < deadline) {
                    if (!frame.hasRemaining()) {
                        frame.rewind();
                        sent++;
                    }
                    if (c.write(frame) > 0) {
                        stalledSince = 0;
                    } else if (stalledSince == 0) {
                        stalledSince = System.nanoTime();
                    } else if (System.nanoTime() - stalledSince <= 300_000_000L) {
                        Thread.sleep(1);
                    } else {
                        break; // the kernel buffers are full: the server has stopped reading
                    }
                }
                assertTrue(stalledSince != 0, "writes stalled after " + sent + " queries");
                System.out.println("non-reading client: " + sent + " queries written before stalling, " + s.recorder.answered.get() + " answered");
                long answered = s.recorder.answered.get();
                assertTrue(answered < sent, "answered " + answered + " of " + sent + ": the rest wait unread in the kernel");
                assertTrue(answered < 100_000, "the answers queued for this client are bounded: " + answered);
                // The stuck connection goes at the idle timeout, and others were served all along.
                assertEquals(Rcode.NOERROR, DnsClient.tcp(RunningServer.ISP1, s.port, "www.example.net.", Type.A).getRcode());
                waitUntil(() -> s.recorder.tcpClosed.get() >= 2);
            }
        }
    }

    private static Socket connect(RunningServer s, String from) throws Exception {
        Socket c = new Socket();
        c.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
        c.connect(new InetSocketAddress(RunningServer.ISP1, s.port), 2000);
        return c;
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            assertFalse(System.nanoTime() > deadline, "condition not reached within 10 s");
            Thread.sleep(20);
        }
    }
}
