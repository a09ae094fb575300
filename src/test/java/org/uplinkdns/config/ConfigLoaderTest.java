package org.uplinkdns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Every config mistake is reported as {@code file:line: reason} on the line to edit. In each
 * case below the offending line is marked {@code # <-}.
 */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    @BeforeEach
    void zoneFiles() throws IOException {
        Files.writeString(dir.resolve("example.com.zone"), "; contents are not read by the config loader\n");
        Files.writeString(dir.resolve("lan.zone"), "; likewise\n");
    }

    @Test
    void aValidConfigLoads() throws Exception {
        Config c = load("""
                port: 5353
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                    public: 198.51.100.10
                  - name: isp2
                    address: 127.0.0.3
                    public: [203.0.113.10, "2001:db8::10"]
                  - name: isp3
                    interface: ppp0
                listen:
                  - 127.0.0.1
                zones:
                  - name: Example.COM
                    file: example.com.zone
                    views:
                      internal: lan.zone
                self:
                  - name: www.example.com
                    types: [a]
                tcp:
                  idle-timeout: 500ms
                """);
        assertEquals(5353, c.port());
        assertEquals(List.of("isp1", "isp2", "isp3"), c.uplinks().stream().map(UplinkConfig::name).toList());
        assertEquals(Optional.of(InetAddress.getByName("127.0.0.2")), c.uplinks().get(0).address());
        assertEquals("198.51.100.10", c.uplinks().get(0).publicV4().orElseThrow().getHostAddress());
        assertEquals(InetAddress.getByName("2001:db8::10"), c.uplinks().get(1).publicV6().orElseThrow());
        assertEquals(Optional.of("ppp0"), c.uplinks().get(2).interfaceName());
        assertEquals(List.of(InetAddress.getByName("127.0.0.1")), c.listen());
        ZoneConfig zone = c.zones().get(0);
        assertEquals(Name.fromConstantString("example.com."), zone.name());
        assertEquals(dir.resolve("example.com.zone").toAbsolutePath(), zone.file().toAbsolutePath(), "relative to the config");
        assertEquals(dir.resolve("lan.zone").toAbsolutePath(), zone.viewFiles().get("internal").toAbsolutePath());
        SelfRecordConfig self = c.selfRecords().get(0);
        assertEquals(Set.of(Type.A), self.types());
        assertEquals(10, self.ttl(), "the default self TTL");
        assertEquals(Duration.ofMillis(500), c.tcp().idleTimeout());
    }

    @Test
    void defaults() throws Exception {
        Config c = load("""
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                zones:
                  - name: example.com
                    file: example.com.zone
                self:
                  - name: www.example.com
                """);
        assertEquals(53, c.port());
        assertEquals(Set.of(Type.A, Type.AAAA), c.selfRecords().get(0).types());
        assertEquals(TcpConfig.DEFAULTS, c.tcp());
    }

    @Test
    void portZeroMeansAnEphemeralPort() throws Exception {
        assertEquals(0, load(minimal("port: 0\n")).port());
    }

    @Test
    void anUnknownTopLevelKeyNamesTheKeysExpected() {
        assertProblem("""
                port: 5353
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                zone:                      # <-
                  - name: example.com
                    file: example.com.zone
                """, "unknown key 'zone' (expected one of: ");
    }

    @Test
    void anUnknownKeyInsideAnUplink() {
        assertProblem("""
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                    adress: 127.0.0.9      # <-
                zones:
                  - name: example.com
                    file: example.com.zone
                """, "unknown key 'adress' (expected one of: address, ");
    }

    @Test
    void anUnknownKeyWithAMapBelowItIsReportedOnTheKeysLine() {
        assertProblem(minimal("""
                tpc:                       # <-
                  # the idle timeout
                  idle-timeout: 1s
                """), "unknown key 'tpc' (expected one of: ");
    }

    @Test
    void anUnknownKeyOpeningAListItem() {
        assertProblem("""
                uplinks:
                  - nmae: isp1             # <-
                    address: 127.0.0.2
                zones:
                  - name: example.com
                    file: example.com.zone
                """, "unknown key 'nmae'");
    }

    @Test
    void aDuplicateKeyWithAListBelowIt() {
        assertProblem(minimal("""
                uplinks:                   # <-
                  - name: isp2
                    address: 127.0.0.3
                """), "Duplicate field 'uplinks'");
    }

    @Test
    void aDuplicateKey() {
        assertProblem("""
                port: 5353
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                zones:
                  - name: example.com
                    file: example.com.zone
                port: 53                   # <-
                """, "port");
    }

    @Test
    void duplicateUplinkNames() {
        assertProblem("""
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                  - name: isp1             # <-
                    address: 127.0.0.3
                zones:
                  - name: example.com
                    file: example.com.zone
                """, "duplicate uplink name 'isp1' (first at line 2)");
    }

    @Test
    void twoUplinksWithOneAddress() {
        assertProblem("""
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                  - name: isp2
                    address: 127.0.0.2     # <-
                zones:
                  - name: example.com
                    file: example.com.zone
                """, "address 127.0.0.2 is already used by another uplink (line 3)");
    }

    @Test
    void aListenerOnAnUplinkAddress() {
        assertProblem("""
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                listen:
                  - 127.0.0.1
                  - 127.0.0.2              # <-
                zones:
                  - name: example.com
                    file: example.com.zone
                """, "address 127.0.0.2 is listed twice");
    }

    @Test
    void aMissingZoneFile() {
        assertProblem("""
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                zones:
                  - name: example.com
                    file: nosuch.zone      # <-
                """, "nosuch.zone does not exist or is not a regular file");
    }

    @Test
    void anUplinkWithBothAddressAndInterface() {
        assertProblem("""
                uplinks:
                  - name: isp1             # <-
                    address: 127.0.0.2
                    interface: eth1
                zones:
                  - name: example.com
                    file: example.com.zone
                """, "uplink 'isp1' has both 'address' and 'interface': choose one");
    }

    @Test
    void anUplinkWithNeitherAddressNorInterface() {
        assertProblem("""
                uplinks:
                  - name: isp1
                    public: 198.51.100.10
                  - name: isp2             # <-
                zones:
                  - name: example.com
                    file: example.com.zone
                """, "uplink 'isp2' needs 'address'", 2);
    }

    @Test
    void aBadAddress() {
        assertProblem("""
                uplinks:
                  - name: isp1
                    address: 127.0.0.300   # <-
                zones:
                  - name: example.com
                    file: example.com.zone
                """, "'address' must be an IPv4 or IPv6 address, not '127.0.0.300'");
    }

    @Test
    void aHostNameIsNotAnAddress() {
        assertProblem("""
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                    public: gateway.example.com   # <-
                zones:
                  - name: example.com
                    file: example.com.zone
                """, "'public' must be an IPv4 or IPv6 address, not 'gateway.example.com'");
    }

    @Test
    void twoPublicAddressesOfOneFamily() {
        assertProblem("""
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                    public:
                      - 198.51.100.10
                      - 2001:db8::10
                      - 198.51.100.11      # <-
                zones:
                  - name: example.com
                    file: example.com.zone
                """, "uplink 'isp1' has two public IPv4 addresses: give at most one per family");
    }

    @Test
    void anUnknownViewName() {
        assertProblem("""
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                zones:
                  - name: example.com
                    file: example.com.zone
                    views:
                      internal: lan.zone
                      isp9: lan.zone       # <-
                """, "unknown view 'isp9' (views are the uplink names, 'internal' and the names under 'views': isp1, internal)");
    }

    @Test
    void aSelfRecordOutsideEveryZone() {
        assertProblem("""
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                zones:
                  - name: example.com
                    file: example.com.zone
                self:
                  - name: www.example.org  # <-
                """, "self record www.example.org. is not inside any configured zone");
    }

    @Test
    void aNegativeTtl() {
        assertProblem(minimal("""
                self:
                  - name: www.example.com
                    ttl: -5                # <-
                """), "'ttl' must be between 0 and 2147483647, not -5");
    }

    @Test
    void aTtlThatIsNotANumber() {
        assertProblem(minimal("""
                self:
                  - name: www.example.com
                    ttl: ten               # <-
                """), "'ttl' must be a whole number, not 'ten'");
    }

    @Test
    void aTtlBeyondTheRfc2181Limit() {
        assertProblem(minimal("""
                self:
                  - name: www.example.com
                    ttl: 4294967295        # <-
                """), "'ttl' must be between 0 and 2147483647");
    }

    @Test
    void aSelfRecordTypeOtherThanAOrAaaa() {
        assertProblem(minimal("""
                self:
                  - name: www.example.com
                    types:
                      - A
                      - MX                 # <-
                """), "self record type must be A or AAAA, not 'MX'");
    }

    @Test
    void aBadDuration() {
        assertProblem(minimal("""
                tcp:
                  idle-timeout: 5x         # <-
                """), "'idle-timeout' must be a duration such as 500ms, 10s or 2m, not '5x'");
    }

    @Test
    void aDurationOutOfRange() {
        assertProblem(minimal("""
                tcp:
                  idle-timeout: 2h         # <-
                """), "'idle-timeout' must be between 100ms and 1h, not 2h");
    }

    @Test
    void aPortOutOfRange() {
        assertProblem(minimal("""
                port: 65536                # <-
                """), "'port' must be between 0 and 65535, not 65536");
    }

    @Test
    void anEmptyFile() {
        ConfigProblem p = onlyProblem("");
        assertEquals(0, p.line(), "no line to point at");
        assertTrue(p.message().contains("empty"), p.message());
        assertEquals(dir.resolve("uplinkdns.yaml") + ": " + p.message(), p.toString());
    }

    @Test
    void aFileOfCommentsOnlyIsEmptyToo() {
        ConfigProblem p = onlyProblem("# nothing yet\n\n# still nothing\n");
        assertEquals(0, p.line());
        assertTrue(p.message().contains("empty"), p.message());
    }

    @Test
    void aMissingConfigFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader().load(dir.resolve("absent.yaml")));
        assertTrue(e.getMessage().contains("absent.yaml: no such file"), e.getMessage());
    }

    @Test
    void everyValidationProblemIsReportedInOnePass() {
        List<ConfigProblem> problems = problems("""
                uplinks:
                  - name: isp1
                    address: 127.0.0.300
                  - name: isp1
                    address: 127.0.0.3
                zones:
                  - name: example.com
                    file: nosuch.zone
                self:
                  - name: www.example.com
                    ttl: -1
                """);
        assertEquals(List.of(3, 4, 8, 11), problems.stream().map(ConfigProblem::line).toList(), problems.toString());
    }

    /** A valid config with {@code extra} appended; the uplinks and zones take lines 1-5. */
    private static String minimal(String extra) {
        return """
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                zones:
                  - name: example.com
                    file: example.com.zone
                """ + extra;
    }

    private Config load(String yaml) throws Exception {
        Path file = dir.resolve("uplinkdns.yaml");
        Files.writeString(file, yaml);
        return new ConfigLoader().load(file);
    }

    private List<ConfigProblem> problems(String yaml) {
        Path file = dir.resolve("uplinkdns.yaml");
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        ConfigException e = assertThrows(ConfigException.class, () -> new ConfigLoader().load(file));
        e.problems().forEach(p -> assertEquals(file, p.file()));
        return e.problems();
    }

    private ConfigProblem onlyProblem(String yaml) {
        List<ConfigProblem> problems = problems(yaml);
        assertEquals(1, problems.size(), problems.toString());
        return problems.get(0);
    }

    /** The only problem is on the line marked {@code # <-} and its message contains {@code reason}. */
    private void assertProblem(String yaml, String reason) {
        assertProblem(yaml, reason, 1);
    }

    private void assertProblem(String yaml, String reason, int expectedProblems) {
        List<String> lines = yaml.lines().toList();
        int marked = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("# <-")) {
                marked = i + 1;
            }
        }
        assertTrue(marked > 0, "the test marks the offending line");
        List<ConfigProblem> problems = problems(yaml);
        assertEquals(expectedProblems, problems.size(), problems.toString());
        ConfigProblem p = problems.get(problems.size() - 1);
        assertEquals(marked, p.line(), p.toString());
        assertTrue(p.message().contains(reason), "message [" + p.message() + "] should contain [" + reason + "]");
        assertEquals(dir.resolve("uplinkdns.yaml") + ":" + marked + ": " + p.message(), p.toString(), "file:line: reason");
    }
}
