package org.uplinkdns.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uplinkdns.testsupport.DnsClient;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/** Rate limiting as a client sees it over real sockets. */
class UdpRateLimitTest {
    private static final String STRICT = """
            rrl:
              responses-per-second: 2
              errors-per-second: 2
              slip: 1
            """;

    @TempDir
    Path dir;

    @Test
    void repeatedUdpQueriesBeyondTheRateGetEmptyTruncatedReplies() throws Exception {
        try (RunningServer s = new RunningServer(dir, STRICT)) {
            int full = 0;
            int truncated = 0;
            for (int i = 0; i < 10; i++) {
                Message m = DnsClient.udp(RunningServer.ISP1, s.port, "www.example.net.", Type.A);
                assertNotNull(m, "slip 1 answers every query, limited or not");
                if (m.getHeader().getFlag(Flags.TC)) {
                    truncated++;
                    assertEquals(0, m.getSectionArray(Section.ANSWER).length, "a slipped reply carries no data");
                    assertEquals("www.example.net.", m.getQuestion().getName().toString());
                } else {
                    full++;
                    assertEquals("198.51.100.10", m.getSectionArray(Section.ANSWER)[0].rdataToString());
                }
            }
            assertTrue(full >= 2 && full <= 3, "the burst of 2 (plus refill) got answers: " + full);
            assertEquals(10 - full, truncated);
            assertEquals(truncated, s.recorder.rateSlipped.get());
        }
    }

    @Test
    void theSameQueryOverTcpIsNeverLimited() throws Exception {
        try (RunningServer s = new RunningServer(dir, STRICT)) {
            for (int i = 0; i < 20; i++) {
                Message m = DnsClient.tcp(RunningServer.ISP1, s.port, "www.example.net.", Type.A);
                assertFalse(m.getHeader().getFlag(Flags.TC));
                assertEquals(1, m.getSectionArray(Section.ANSWER).length);
            }
            assertEquals(0, s.recorder.rateSlipped.get() + s.recorder.rateDropped.get());
        }
    }

    @Test
    void withSlipZeroLimitedQueriesGetNoReplyAtAll() throws Exception {
        try (RunningServer s = new RunningServer(dir, """
                rrl:
                  responses-per-second: 1
                  slip: 0
                """)) {
            try (DatagramSocket c = new DatagramSocket(new InetSocketAddress(RunningServer.ip("127.0.0.1"), 0))) {
                c.connect(RunningServer.ISP1, s.port);
                byte[] q = DnsClient.query("www.example.net.", Type.A);
                for (int i = 0; i < 5; i++) {
                    c.send(new DatagramPacket(q, q.length));
                }
                c.setSoTimeout(700);
                int replies = 0;
                try {
                    while (true) {
                        c.receive(new DatagramPacket(new byte[512], 512));
                        replies++;
                    }
                } catch (SocketTimeoutException expected) {
                    // no more replies
                }
                assertEquals(1, replies, "five queries at once, one per second allowed, nothing slipped");
            }
            assertTrue(s.recorder.rateDropped.get() >= 1);
        }
    }

    @Test
    void rateLimitingCanBeSwitchedOff() throws Exception {
        try (RunningServer s = new RunningServer(dir, """
                rrl:
                  enabled: false
                  responses-per-second: 1
                """)) {
            for (int i = 0; i < 30; i++) {
                Message m = DnsClient.udp(RunningServer.ISP1, s.port, "nosuch.www.example.net.", Type.A);
                assertEquals(Rcode.NXDOMAIN, m.getRcode());
                assertFalse(m.getHeader().getFlag(Flags.TC));
            }
        }
    }
}
