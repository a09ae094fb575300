package org.uplinkdns.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uplinkdns.config.ProbeConfig;
import org.uplinkdns.config.ProbeConfig.Kind;
import org.uplinkdns.config.ProbeTarget;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The real probes against servers on loopback. Uplink isp1 owns 127.0.0.2; every server checks
 * that the probe came from that address, which is what sends it through the uplink on a gateway.
 */
class SystemProberTest {
    private static final InetAddress LOCALHOST = address("127.0.0.1");
    private static final InetAddress UPLINK_ADDRESS = address("127.0.0.2");
    private static final ProbeContext ISP1 = new ProbeContext("isp1", Optional.empty(), List.of(UPLINK_ADDRESS));

    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r);
        t.setDaemon(true);
        return t;
    });
    private final SystemProber prober = new SystemProber(pool);

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ProbeConfig probe(Kind kind, List<ProbeTarget> targets, int quorum, int count, Duration timeout,
            List<String> command) throws Exception {
        return new ProbeConfig(kind.word(), kind, targets, quorum, count, Duration.ofSeconds(1), timeout,
                Optional.of(Name.fromString("www.example.net.")), Type.A, "/health", Optional.empty(), 200, command, 1);
    }

    private static ProbeTarget target(int port) {
        return new ProbeTarget("127.0.0.1:" + port, LOCALHOST, port);
    }

    private ProbeResult run(ProbeConfig p) {
        return assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> prober.probe(p, ISP1, System.nanoTime() + p.timeout().toNanos()));
    }

    /** A port nothing listens on: bound, then closed. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, LOCALHOST)) {
            return s.getLocalPort();
        }
    }

    // ---- tcp

    @Test
    void tcpPassesWhenTheConnectionCompletesFromTheUplinksAddress() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, LOCALHOST)) {
            LinkedBlockingQueue<InetAddress> from = new LinkedBlockingQueue<>();
            pool.execute(() -> {
                try (Socket s = server.accept()) {
                    from.add(s.getInetAddress());
                } catch (IOException e) {
                    // The test fails on the empty queue.
                }
            });
            ProbeResult r = run(probe(Kind.TCP, List.of(target(server.getLocalPort())), 1, 1, Duration.ofSeconds(2), List.of()));
            assertTrue(r.ok(), r.detail());
            assertEquals(UPLINK_ADDRESS, from.poll(5, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @Test
    void tcpFailsWhenRefusedAndSaysSo() throws Exception {
        ProbeResult r = run(probe(Kind.TCP, List.of(target(closedPort())), 1, 3, Duration.ofMillis(500), List.of()));
        assertFalse(r.ok());
        assertTrue(r.detail().contains("Connection refused"), r.detail());
        assertTrue(r.detail().endsWith("(3 tries)"), r.detail());
    }

    @Test
    void quorumCountsTheTargetsThatAnswered() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, LOCALHOST)) {
            List<ProbeTarget> targets = List.of(target(server.getLocalPort()), target(closedPort()));
            ProbeResult one = run(probe(Kind.TCP, targets, 1, 1, Duration.ofMillis(500), List.of()));
            assertTrue(one.ok(), one.detail());
            assertTrue(one.detail().endsWith("1/2 up, quorum 1"), one.detail());
            ProbeResult two = run(probe(Kind.TCP, targets, 2, 1, Duration.ofMillis(500), List.of()));
            assertFalse(two.ok(), two.detail());
        }
    }

    @Test
    void aTargetOfAFamilyTheUplinkLacksFails() throws Exception {
        ProbeTarget v6 = new ProbeTarget("[::1]:53", address("::1"), 53);
        ProbeResult r = run(probe(Kind.TCP, List.of(v6), 1, 1, Duration.ofMillis(200), List.of()));
        assertFalse(r.ok());
        assertTrue(r.detail().contains("no IPv6 address on the uplink"), r.detail());
    }

    // ---- http

    /** Serves one canned reply per connection and remembers where the request came from. */
    private ServerSocket httpServer(String reply, LinkedBlockingQueue<String> requests) throws IOException {
        ServerSocket server = new ServerSocket(0, 5, LOCALHOST);
        pool.execute(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    byte[] buf = new byte[2048];
                    int n = s.getInputStream().read(buf);
                    requests.add(s.getInetAddress().getHostAddress() + " " + new String(buf, 0, Math.max(0, n),
                            StandardCharsets.US_ASCII).lines().findFirst().orElse(""));
                    OutputStream out = s.getOutputStream();
                    out.write(reply.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    @Test
    void httpPassesOnTheExpectedStatus() throws Exception {
        LinkedBlockingQueue<String> requests = new LinkedBlockingQueue<>();
        try (ServerSocket server = httpServer("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", requests)) {
            ProbeResult r = run(probe(Kind.HTTP, List.of(target(server.getLocalPort())), 1, 1, Duration.ofSeconds(2), List.of()));
            assertTrue(r.ok(), r.detail());
            assertEquals("127.0.0.2 GET /health HTTP/1.1", requests.poll(5, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @Test
    void httpFailsOnAnotherStatus() throws Exception {
        try (ServerSocket server = httpServer("HTTP/1.1 503 Service Unavailable\r\n\r\n", new LinkedBlockingQueue<>())) {
            ProbeResult r = run(probe(Kind.HTTP, List.of(target(server.getLocalPort())), 1, 1, Duration.ofSeconds(2), List.of()));
            assertFalse(r.ok());
            assertEquals("127.0.0.1:" + server.getLocalPort() + " status 503, expected 200", r.detail());
        }
    }

    @Test
    void httpGivesUpAtTheTimeoutOnAServerThatNeverAnswers() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, LOCALHOST)) {
            // The kernel completes the handshake; nobody ever reads or writes.
            ProbeResult r = run(probe(Kind.HTTP, List.of(target(server.getLocalPort())), 1, 1, Duration.ofMillis(300), List.of()));
            assertFalse(r.ok());
            assertTrue(r.detail().endsWith("timed out"), r.detail());
        }
    }

    // ---- dns

    @Test
    void dnsPassesOnNoerrorWithAnAnswerAndFailsOnNxdomain() throws Exception {
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress(LOCALHOST, 0))) {
            LinkedBlockingQueue<InetAddress> from = new LinkedBlockingQueue<>();
            pool.execute(() -> {
                byte[] buf = new byte[512];
                int answered = 0;
                while (!server.isClosed()) {
                    try {
                        DatagramPacket p = new DatagramPacket(buf, buf.length);
                        server.receive(p);
                        from.add(p.getAddress());
                        Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                        Message a = new Message(q.getHeader().getID());
                        a.getHeader().setFlag(Flags.QR);
                        a.addRecord(q.getQuestion(), Section.QUESTION);
                        if (answered++ == 0) {
                            a.addRecord(new ARecord(q.getQuestion().getName(), DClass.IN, 60, address("192.0.2.1")),
                                    Section.ANSWER);
                        } else {
                            a.getHeader().setRcode(Rcode.NXDOMAIN);
                        }
                        byte[] out = a.toWire();
                        server.send(new DatagramPacket(out, out.length, p.getSocketAddress()));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            ProbeConfig dns = probe(Kind.DNS, List.of(target(server.getLocalPort())), 1, 1, Duration.ofSeconds(2), List.of());
            ProbeResult good = run(dns);
            assertTrue(good.ok(), good.detail());
            assertEquals(UPLINK_ADDRESS, from.poll(5, java.util.concurrent.TimeUnit.SECONDS));
            ProbeResult bad = run(dns);
            assertFalse(bad.ok());
            assertTrue(bad.detail().endsWith("NXDOMAIN"), bad.detail());
        }
    }

    @Test
    void dnsFailsAtTheTimeoutWhenNobodyAnswers() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress(LOCALHOST, 0))) {
            ProbeResult r = run(probe(Kind.DNS, List.of(target(silent.getLocalPort())), 1, 2, Duration.ofMillis(300), List.of()));
            assertFalse(r.ok());
            assertTrue(r.detail().contains("timed out"), r.detail());
        }
    }

    // ---- exec

    private ProbeResult exec(String shell, Duration timeout) throws Exception {
        return run(probe(Kind.EXEC, List.of(), 1, 1, timeout, List.of("/bin/sh", "-c", shell)));
    }

    @Test
    void execPassesOnExitZeroAndSeesTheUplinkInItsEnvironment() throws Exception {
        ProbeResult r = exec("test \"$UPLINK_NAME\" = isp1 && test \"$UPLINK_ADDRESS\" = 127.0.0.2"
                + " && test \"$UPLINK_INTERFACE\" = lo", Duration.ofSeconds(5));
        assertTrue(r.ok(), r.detail());
    }

    @Test
    void execFailsOnANonZeroExitAndShowsItsLastLine() throws Exception {
        ProbeResult r = exec("echo checking; echo isp1 is down; exit 3", Duration.ofSeconds(5));
        assertFalse(r.ok());
        assertEquals("exit 3: isp1 is down", r.detail());
    }

    @Test
    void aHangingCommandIsKilledWithItsChildrenAtTheTimeout() throws Exception {
        // A token no other process carries, to find the background child afterwards.
        String token = Long.toString(31_000 + (System.nanoTime() & 0xfff));
        long start = System.nanoTime();
        ProbeResult r = exec("sleep " + token + " & sleep 30", Duration.ofMillis(300));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertFalse(r.ok());
        assertTrue(r.detail().startsWith("killed at timeout 300ms"), r.detail());
        assertTrue(tookMs < 5000, "returned after " + tookMs + " ms");
        // SIGKILL has been sent to the child too; give the kernel a moment to reap it.
        long until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (childAlive(token) && System.nanoTime() < until) {
            Thread.onSpinWait();
        }
        assertFalse(childAlive(token), "the background child of the killed command lived on");
    }

    private static boolean childAlive(String token) {
        return ProcessHandle.allProcesses().anyMatch(p -> p.isAlive()
                && p.info().arguments().map(a -> List.of(a).contains(token)).orElse(false)
                && p.info().command().map(c -> c.endsWith("sleep")).orElse(false));
    }

    @Test
    void megabytesOfOutputNeitherBlockNorBloat() throws Exception {
        ProbeResult r = exec("head -c 5000000 /dev/zero | tr '\\0' x; echo; echo done", Duration.ofSeconds(5));
        assertTrue(r.ok(), r.detail());
        assertTrue(r.detail().contains("[5000006 bytes of output, first 4096 kept]"), r.detail());
        assertTrue(r.detail().length() < 300, "detail stays short: " + r.detail().length());
    }

    @Test
    void aCommandThatCannotStartFails() throws Exception {
        ProbeResult r = run(probe(Kind.EXEC, List.of(), 1, 1, Duration.ofSeconds(1), List.of(dir.resolve("missing").toString())));
        assertFalse(r.ok());
        assertTrue(r.detail().startsWith("cannot start"), r.detail());
    }

    // ---- link

    private ProbeResult link(String iface, String operstate, String carrier) throws Exception {
        Path sys = dir.resolve("sys");
        Path d = sys.resolve(iface);
        Files.createDirectories(d);
        Files.writeString(d.resolve("operstate"), operstate + "\n");
        if (carrier != null) {
            Files.writeString(d.resolve("carrier"), carrier + "\n");
        }
        SystemProber fake = new SystemProber(pool, sys);
        ProbeContext ctx = new ProbeContext("isp1", Optional.of(iface), List.of());
        ProbeConfig p = probe(Kind.LINK, List.of(), 1, 1, Duration.ofMillis(500), List.of());
        return fake.probe(p, ctx, System.nanoTime() + p.timeout().toNanos());
    }

    @Test
    void linkIsUpWithCarrierAndOperstateUp() throws Exception {
        ProbeResult r = link("eth1", "up", "1");
        assertTrue(r.ok(), r.detail());
        assertEquals("eth1 operstate=up carrier=1", r.detail());
    }

    @Test
    void linkIsDownWhenThePeerIsDown() throws Exception {
        assertFalse(link("veth1", "lowerlayerdown", "0").ok());
    }

    @Test
    void linkIsDownWhenAdministrativelyDown() throws Exception {
        // The kernel refuses to read carrier of a down interface: no carrier file here.
        assertFalse(link("eth2", "down", null).ok());
    }

    @Test
    void linkOfAMissingInterfaceIsDown() throws Exception {
        Files.createDirectories(dir.resolve("sys"));
        SystemProber fake = new SystemProber(pool, dir.resolve("sys"));
        ProbeConfig p = probe(Kind.LINK, List.of(), 1, 1, Duration.ofMillis(500), List.of());
        ProbeResult r = fake.probe(p, new ProbeContext("isp1", Optional.of("ppp0"), List.of()), System.nanoTime() + 1_000_000);
        assertFalse(r.ok());
        assertEquals("ppp0 operstate=missing carrier=0", r.detail());
    }

    @Test
    void linkFindsTheInterfaceHoldingTheUplinksAddress() throws Exception {
        ProbeConfig p = probe(Kind.LINK, List.of(), 1, 1, Duration.ofMillis(500), List.of());
        ProbeResult r = run(p);
        assertTrue(r.ok(), r.detail());
        assertTrue(r.detail().startsWith("lo "), r.detail());
    }

    // ---- icmp (iputils ping; the CI installs it)

    private static boolean havePing() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            if (Files.isExecutable(Path.of(dir, "ping"))) {
                return true;
            }
        }
        return false;
    }

    @Test
    void icmpPassesWhenEchoesComeBack() throws Exception {
        assumeTrue(havePing(), "iputils ping is not installed");
        ProbeTarget t = new ProbeTarget("127.0.0.1", LOCALHOST, 0);
        ProbeResult r = run(probe(Kind.ICMP, List.of(t), 1, 3, Duration.ofMillis(900), List.of()));
        assertTrue(r.ok(), r.detail());
        assertEquals("127.0.0.1 3/3", r.detail());
    }

    @Test
    void icmpFailsWhenTheSourceAddressCannotBeUsed() throws Exception {
        assumeTrue(havePing(), "iputils ping is not installed");
        // 192.0.2.1 is not on this host: ping cannot bind it, and nothing is sent.
        ProbeContext elsewhere = new ProbeContext("isp1", Optional.empty(), List.of(address("192.0.2.1")));
        ProbeTarget t = new ProbeTarget("127.0.0.1", LOCALHOST, 0);
        ProbeConfig p = probe(Kind.ICMP, List.of(t), 1, 3, Duration.ofMillis(500), List.of());
        ProbeResult r = prober.probe(p, elsewhere, System.nanoTime() + p.timeout().toNanos());
        assertFalse(r.ok());
        assertTrue(r.detail().startsWith("127.0.0.1 0/3 (ping:"), r.detail());
    }
}
