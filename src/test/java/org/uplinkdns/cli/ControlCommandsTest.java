package org.uplinkdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uplinkdns.control.ControlServer;
import picocli.CommandLine;

/**
 * The operator's commands against a running server: {@code uplink drain} takes an uplink out of
 * the LAN answer at once and keeps it out across a reload, {@code undrain} puts it back,
 * {@code reload} reports a broken file and keeps serving, {@code status} shows it all.
 */
class ControlCommandsTest {
    @TempDir
    Path dir;
    ServerRuntime runtime;
    ControlServer control;
    Path socket;

    private static final String ZONE = """
            $ORIGIN www.example.net.
            @ 3600 IN SOA ns1.example.net. hostmaster.example.net. 7 7200 3600 864000 60
              3600 IN NS  ns1.example.net.
            """;
    private static final String CONFIG = """
            port: 0
            uplinks:
              - name: isp1
                address: 127.0.0.2
              - name: isp2
                address: 127.0.0.3
            listen: [127.0.0.1]
            zones:
              - name: www.example.net
                file: www.zone
            self:
              - name: www.example.net
                types: [A]
            control:
              socket: ctl/control.sock
            """;

    @BeforeEach
    void start() throws Exception {
        Files.writeString(dir.resolve("www.zone"), ZONE);
        Files.writeString(dir.resolve("uplinkdns.yaml"), CONFIG);
        runtime = ServerRuntime.start(dir.resolve("uplinkdns.yaml"), 1);
        socket = runtime.snapshots().get().config().control().socket();
        control = ControlServer.start(socket, new RuntimeControl(runtime));
    }

    @AfterEach
    void stop() {
        control.close();
        runtime.close();
    }

    private record Run(int exit, String out, String err) {}

    private Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private String askLan() throws Exception {
        return LoopbackDns.addresses(runtime, "127.0.0.1", "www.example.net.");
    }

    @Test
    void drainTakesAnUplinkOutOfTheLanAnswerUntilUndrainEvenAcrossAReload() throws Exception {
        String config = dir.resolve("uplinkdns.yaml").toString();
        assertEquals("127.0.0.2 127.0.0.3", askLan());
        Run drain = cli("uplink", "drain", "isp1", "--config", config);
        assertEquals(0, drain.exit(), drain.err());
        assertTrue(drain.out().contains("uplink isp1 drained"), drain.out());
        assertEquals("127.0.0.3", askLan());
        assertEquals(0, cli("reload", "--socket", socket.toString()).exit());
        assertEquals("127.0.0.3", askLan(), "a reload keeps the drain");
        Run status = cli("status", "--socket", socket.toString());
        assertEquals(0, status.exit());
        assertTrue(status.out().lines().anyMatch(l -> l.startsWith("isp1") && l.contains("drained")), status.out());
        assertEquals(0, cli("uplink", "undrain", "isp1", "--socket", socket.toString()).exit());
        assertEquals("127.0.0.2 127.0.0.3", askLan());
    }

    @Test
    void drainingAnUnknownUplinkFailsAndNamesTheUplinks() {
        Run r = cli("uplink", "drain", "isp9", "--socket", socket.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("no uplink named 'isp9' (uplinks: isp1, isp2)"), r.err());
    }

    @Test
    void aBrokenReloadIsReportedWithFileAndLineAndTheOldDataKeepsServing() throws Exception {
        Files.writeString(dir.resolve("www.zone"), ZONE + "www.example.net. IN A not-an-address\n");
        Run r = cli("reload", "--socket", socket.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("www.zone:4:"), r.err());
        assertTrue(r.err().contains("still serving the previous config and zones"), r.err());
        assertEquals("127.0.0.2 127.0.0.3", askLan());
    }

    @Test
    void statusListsUplinksListenersAndZoneSerials() {
        Run r = cli("status", "--socket", socket.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("isp1") && l.contains("up") && l.contains("127.0.0.2")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("127.0.0.1") && l.contains("internal") && l.contains("bound")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("www.example.net.") && l.contains("isp2") && l.endsWith("7")), r.out());
    }

    @Test
    void aServerThatIsNotRunningIsReportedClearly() {
        Run r = cli("status", "--socket", dir.resolve("nothing.sock").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("cannot reach the server's control socket"), r.err());
    }
}
