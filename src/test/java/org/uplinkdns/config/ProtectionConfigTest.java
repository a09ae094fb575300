package org.uplinkdns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rrl, tcp, transfer and chaos sections: safe defaults, every key, and errors with lines. */
class ProtectionConfigTest {
    private static final String BASE = """
            uplinks: [{name: isp1, address: 127.0.0.2}]
            zones: [{name: example.net, file: z.zone}]
            """;

    @TempDir
    Path dir;

    @Test
    void withoutTheSectionsRateLimitingIsOnAndTransfersAndChaosAreOff() throws Exception {
        Config c = load(BASE);
        assertEquals(RrlConfig.DEFAULTS, c.rrl());
        assertTrue(c.rrl().enabled());
        assertEquals(20, c.rrl().responsesPerSecond());
        assertEquals(2, c.rrl().slip());
        assertEquals(TcpConfig.DEFAULTS, c.tcp());
        assertFalse(c.transfer().allows(InetAddress.getByName("127.0.0.1")));
        assertEquals(Optional.empty(), c.chaos().version());
        assertEquals(Optional.empty(), c.chaos().hostname());
    }

    @Test
    void everyKeyIsRead() throws Exception {
        Config c = load(BASE + """
                rrl:
                  enabled: false
                  responses-per-second: 7
                  errors-per-second: 3
                  window: 30s
                  slip: 0
                  ipv4-prefix-length: 32
                  ipv6-prefix-length: 64
                  table-size: 1024
                  exempt: [192.0.2.53, "2001:db8::/48"]
                tcp:
                  idle-timeout: 20s
                  read-timeout: 2s
                  max-connections: 50
                  max-connections-per-client: 4
                  max-queries-per-connection: 0
                transfer:
                  allow: [198.51.100.0/24]
                chaos:
                  version: "uplinkdns 1"
                  hostname: gw1
                """);
        assertEquals(new RrlConfig(false, 7, 3, Duration.ofSeconds(30), 0, 32, 64, 1024,
                List.of(Prefix.parse("192.0.2.53").orElseThrow(), Prefix.parse("2001:db8::/48").orElseThrow())), c.rrl());
        assertEquals(new TcpConfig(Duration.ofSeconds(20), Duration.ofSeconds(2), 50, 4, 0), c.tcp());
        assertTrue(c.transfer().allows(InetAddress.getByName("198.51.100.200")));
        assertFalse(c.transfer().allows(InetAddress.getByName("198.51.101.1")));
        assertEquals(Optional.of("uplinkdns 1"), c.chaos().version());
        assertEquals(Optional.of("gw1"), c.chaos().hostname());
    }

    @Test
    void badValuesAreReportedEachWithItsLine() throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> load(BASE + """
                rrl:
                  enabled: maybe
                  responses-per-second: 0
                  ipv4-prefix-length: 33
                tcp:
                  max-connections-per-client: lots
                transfer:
                  allow: [192.0.2.0/33]
                """));
        List<String> got = e.problems().stream().map(p -> p.line() + ": " + p.message()).toList();
        assertEquals(List.of(
                "4: 'enabled' must be true or false, not 'maybe'",
                "5: 'responses-per-second' must be between 1 and 1000000, not 0",
                "6: 'ipv4-prefix-length' must be between 8 and 32, not 33",
                "8: 'max-connections-per-client' must be a whole number, not 'lots'",
                "10: 'allow' entries must be addresses or prefixes such as 192.0.2.0/24 or 2001:db8::/32, not '192.0.2.0/33'"),
                got);
    }

    @Test
    void prefixesMatchByTheirLengthOnly() throws Exception {
        Prefix p = Prefix.parse("192.0.2.128/25").orElseThrow();
        assertTrue(p.contains(InetAddress.getByName("192.0.2.200")));
        assertFalse(p.contains(InetAddress.getByName("192.0.2.127")));
        assertFalse(p.contains(InetAddress.getByName("2001:db8::c000:2c8")), "families never match");
        assertTrue(p.contains(InetAddress.getByName("::ffff:192.0.2.200")), "an IPv4-mapped client is the IPv4 client");
        Prefix v6 = Prefix.parse("2001:db8:ab00::/40").orElseThrow();
        assertTrue(v6.contains(InetAddress.getByName("2001:db8:abff::1")));
        assertFalse(v6.contains(InetAddress.getByName("2001:db8:ac00::1")));
        assertTrue(Prefix.parse("0.0.0.0/0").orElseThrow().contains(InetAddress.getByName("203.0.113.9")));
        assertEquals(Optional.empty(), Prefix.parse("192.0.2.1/x"));
    }

    private Config load(String yaml) throws IOException, ConfigException {
        Files.writeString(dir.resolve("z.zone"), "");
        Path f = dir.resolve("c.yaml");
        Files.writeString(f, yaml);
        return new ConfigLoader().load(f);
    }
}
