package org.uplinkdns.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code uplinkdns validate}: exit 0 for a good config, 2 with one {@code file:line: reason} line per problem. */
class ValidateCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void theDemoConfigIsValid() {
        Run r = run("validate", "--config", "conf/demo.yaml");
        assertEquals(0, r.exit(), r.err());
        assertEquals("conf/demo.yaml: ok (2 uplinks, 2 zones, 1 self records)\n", r.out());
        assertEquals("", r.err(), "the demo's loopback addresses are on every Linux host");
    }

    @Test
    void theExampleGatewayConfigIsValidAndOnlyWarnsAboutInterfacesThisHostLacks() {
        Run r = run("validate", "--config", "conf/example-gateway.yaml");
        assertEquals(0, r.exit(), r.err());
        assertEquals("conf/example-gateway.yaml: ok (2 uplinks, 1 zones, 1 self records)\n", r.out());
        r.err().lines().forEach(l -> assertTrue(l.contains(": warning: "), l));
    }

    @Test
    void aBadConfigExitsTwoWithFileLineReasonLines() throws Exception {
        Files.writeString(dir.resolve("ok.zone"), """
                $ORIGIN example.com.
                @ 3600 IN SOA ns1 hostmaster 1 7200 3600 864000 300
                  3600 IN NS ns1
                """);
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, """
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                  - name: isp1
                    address: 127.0.0.999
                zones:
                  - name: example.com
                    file: ok.zone
                  - name: example.org
                    file: missing.zone
                """);
        Run r = run("validate", "--config", config.toString());
        assertEquals(2, r.exit());
        assertEquals("", r.out());
        assertEquals(List.of(
                config + ":4: duplicate uplink name 'isp1' (first at line 2)",
                config + ":5: 'address' must be an IPv4 or IPv6 address, not '127.0.0.999'",
                config + ":10: file " + dir.resolve("missing.zone") + " does not exist or is not a regular file"),
                r.errLines());
    }

    @Test
    void aBadZoneFileIsReportedWithTheZoneFilesLine() throws Exception {
        Path zone = dir.resolve("example.com.zone");
        Files.writeString(zone, """
                $ORIGIN example.com.
                $TTL 3600
                @   IN SOA ns1 hostmaster (
                        1 7200 3600 864000 300 )
                    IN NS ns1
                ns1 IN A  192.0.2.1
                www IN A  192.0.2.80
                www IN CNAME ns1
                """);
        Path config = dir.resolve("uplinkdns.yaml");
        Files.writeString(config, """
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                zones:
                  - name: example.com
                    file: example.com.zone
                """);
        Run r = run("validate", "--config", config.toString());
        assertEquals(2, r.exit());
        assertEquals(1, r.errLines().size(), r.err());
        assertTrue(r.errLines().get(0).startsWith(zone + ":8: www.example.com. has a CNAME and A data"), r.err());
    }

    @Test
    void anAddressNotOnThisHostIsOnlyAWarning() throws Exception {
        Files.writeString(dir.resolve("ok.zone"), """
                $ORIGIN example.com.
                @ 3600 IN SOA ns1 hostmaster 1 7200 3600 864000 300
                  3600 IN NS ns1
                """);
        Path config = dir.resolve("gateway.yaml");
        Files.writeString(config, """
                uplinks:
                  - name: isp1
                    address: 192.0.2.1
                zones:
                  - name: example.com
                    file: ok.zone
                """);
        Run r = run("validate", "--config", config.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(Pattern.matches(Pattern.quote(config.toString()) + ":2: warning: uplink isp1 address 192.0.2.1 is not on this host now.*\n",
                r.err()), r.err());
    }

    @Test
    void withoutConfigItIsAUsageError() {
        Run r = run("validate");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("--config"), r.err());
    }
}
