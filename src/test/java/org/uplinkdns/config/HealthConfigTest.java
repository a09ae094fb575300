package org.uplinkdns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.uplinkdns.config.ProbeConfig.Kind;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/** The health section of the config: what it accepts, its defaults, and the errors an operator sees. */
class HealthConfigTest {
    private static final String HEAD = """
            port: 5300
            zones:
              - name: example.net
                file: example.net.zone
            uplinks:
              - name: isp1
                address: 127.0.0.2
            """;

    @TempDir
    Path dir;

    /** Resolves only {@code gw.example}; everything else is unknown. Never touches the network. */
    private static final HostResolver FAKE_RESOLVER = host -> {
        if (host.equals("gw.example")) {
            return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {(byte) 192, 0, 2, 1})};
        }
        throw new UnknownHostException(host);
    };

    private Config load(String yaml) throws ConfigException, IOException {
        Files.writeString(dir.resolve("example.net.zone"), """
                $ORIGIN example.net.
                @ 3600 IN SOA ns.example.net. h.example.net. 1 2 3 4 5
                @ 3600 IN NS ns.example.net.
                ns 3600 IN A 192.0.2.53
                """);
        Path file = dir.resolve("uplinkdns.yaml");
        Files.writeString(file, yaml);
        return new ConfigLoader(FAKE_RESOLVER).load(file);
    }

    private List<String> problems(String yaml) throws IOException {
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
        return e.problems().stream().map(p -> p.line() + ": " + p.message()).toList();
    }

    private static void assertProblem(List<String> problems, int line, String fragment) {
        assertTrue(problems.stream().anyMatch(p -> p.startsWith(line + ": ") && p.contains(fragment)),
                "expected a problem at line " + line + " containing '" + fragment + "' in " + problems);
    }

    @Test
    void anUplinkWithoutHealthSettingsHasNoProbesAndTheDefaults() throws Exception {
        Config c = load(HEAD);
        UplinkHealthConfig h = c.health().forUplink("isp1");
        assertEquals(List.of(), h.probes());
        assertEquals(3, h.rise());
        assertEquals(3, h.fall());
        assertEquals(Duration.ofSeconds(1), h.interval());
        assertTrue(h.failOpen());
        assertTrue(c.health().policy().replaceSelfOnDead());
        assertEquals(OptionalLong.empty(), c.health().policy().degradedTtl());
    }

    @Test
    void probeSettingsCascadeFromTopLevelToUplinkToProbe() throws Exception {
        Config c = load(HEAD + """
                    health:
                      fall: 5
                      timeout: 300ms
                      probes:
                        - kind: icmp
                          targets: [192.0.2.1, 192.0.2.2]
                          quorum: 2
                        - kind: tcp
                          targets: ["192.0.2.1:443", "[2001:db8::1]:80"]
                          timeout: 200ms
                          count: 1
                health:
                  rise: 2
                  interval: 2s
                  count: 4
                  fail-open: false
                  policy:
                    self-on-dead: keep
                    degraded-ttl: 5
                """);
        UplinkHealthConfig h = c.health().forUplink("isp1");
        assertEquals(2, h.rise());
        assertEquals(5, h.fall());
        assertEquals(Duration.ofSeconds(2), h.interval());
        assertFalse(h.failOpen());
        ProbeConfig icmp = h.probes().get(0);
        assertEquals(Kind.ICMP, icmp.kind());
        assertEquals("icmp", icmp.name());
        assertEquals(2, icmp.quorum());
        assertEquals(4, icmp.count());
        assertEquals(Duration.ofMillis(300), icmp.timeout());
        assertEquals(Duration.ofSeconds(2), icmp.interval());
        ProbeConfig tcp = h.probes().get(1);
        assertEquals(443, tcp.targets().get(0).port());
        assertEquals(InetAddress.getByName("2001:db8::1"), tcp.targets().get(1).address());
        assertEquals(80, tcp.targets().get(1).port());
        assertEquals(1, tcp.count());
        assertEquals(Duration.ofMillis(200), tcp.timeout());
        assertFalse(c.health().policy().replaceSelfOnDead());
        assertEquals(OptionalLong.of(5), c.health().policy().degradedTtl());
    }

    @Test
    void topLevelProbesApplyToEveryUplinkThatListsNone() throws Exception {
        Config c = load("""
                port: 5300
                zones:
                  - name: example.net
                    file: example.net.zone
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                  - name: isp2
                    address: 127.0.0.3
                    health:
                      probes: []
                health:
                  probes:
                    - kind: link
                """);
        assertEquals(Kind.LINK, c.health().forUplink("isp1").probes().get(0).kind());
        assertEquals(List.of(), c.health().forUplink("isp2").probes());
    }

    @Test
    void eachKindGetsItsDefaults() throws Exception {
        Config c = load(HEAD + """
                    health:
                      probes:
                        - kind: dns
                          targets: 192.0.2.53
                          query: example.org
                        - kind: http
                          targets: 192.0.2.80
                        - kind: exec
                          command: test -e /nonexistent
                        - kind: exec
                          name: argv
                          command: [/bin/true, --flag]
                """);
        List<ProbeConfig> p = c.health().forUplink("isp1").probes();
        assertEquals(53, p.get(0).targets().get(0).port());
        assertEquals(Name.fromString("example.org."), p.get(0).query().orElseThrow());
        assertEquals(Type.A, p.get(0).queryType());
        assertEquals(80, p.get(1).targets().get(0).port());
        assertEquals("/", p.get(1).path());
        assertEquals(200, p.get(1).status());
        assertEquals(List.of("/bin/sh", "-c", "test -e /nonexistent"), p.get(2).command());
        assertEquals(List.of("/bin/true", "--flag"), p.get(3).command());
    }

    @Test
    void hostNameTargetsAreResolvedOnceAtLoad() throws Exception {
        Config c = load(HEAD + """
                    health:
                      probes:
                        - kind: tcp
                          targets: gw.example:22
                """);
        ProbeTarget t = c.health().forUplink("isp1").probes().get(0).targets().get(0);
        assertEquals(InetAddress.getByName("192.0.2.1"), t.address());
        assertEquals(22, t.port());
        assertEquals("gw.example:22", t.text());
    }

    @Test
    void riseZeroIsRejectedAtItsLine() throws Exception {
        assertProblem(problems(HEAD + """
                    health:
                      rise: 0
                """), 9, "'rise' must be between 1 and 100, not 0");
    }

    @Test
    void aTimeoutNotShorterThanTheIntervalIsRejected() throws Exception {
        assertProblem(problems(HEAD + """
                    health:
                      interval: 1s
                      timeout: 1s
                """), 10, "'timeout' 1s (line 10) must be shorter than 'interval' 1s (line 9)");
        assertProblem(problems(HEAD + """
                    health:
                      probes:
                        - kind: link
                          timeout: 2s
                """), 11, "must be shorter than the round interval 1s");
    }

    @Test
    void anUnknownProbeKindNamesTheKnownOnes() throws Exception {
        assertProblem(problems(HEAD + """
                    health:
                      probes:
                        - kind: smtp
                """), 10, "unknown probe kind 'smtp' (expected one of: link, icmp, tcp, dns, http, exec)");
    }

    @Test
    void anUnresolvableTargetIsRejectedWithTheAdviceToUseAnAddress() throws Exception {
        assertProblem(problems(HEAD + """
                    health:
                      probes:
                        - kind: icmp
                          targets: [192.0.2.1, nosuch.example]
                """), 11, "target 'nosuch.example' does not resolve (unknown host): use an IP address");
    }

    @Test
    void aTargetThatIsNeitherAddressNorNameIsRejectedWithoutALookup() throws Exception {
        List<String> p = problems(HEAD + """
                    health:
                      probes:
                        - kind: tcp
                          targets: ["bad host!:80", "192.0.2.1:99999", "[2001:db8::1"]
                """);
        assertProblem(p, 11, "target 'bad host!:80' is neither an IP address nor a host name");
        assertProblem(p, 11, "target '192.0.2.1:99999' has an invalid port");
        assertProblem(p, 11, "has '[' without ']'");
    }

    @Test
    void aHangingLookupIsBounded() {
        CountDownLatch never = new CountDownLatch(1);
        HostResolver hanging = HostResolver.bounded(Duration.ofMillis(100), host -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new InetAddress[0];
        });
        UnknownHostException e = assertThrows(UnknownHostException.class, () -> hanging.resolve("slow.example"));
        assertEquals("no answer within 100ms", e.getMessage());
    }

    @Test
    void kindSpecificMistakesAreEachReported() throws Exception {
        List<String> p = problems(HEAD + """
                    health:
                      probes:
                        - kind: icmp
                        - kind: tcp
                          targets: 192.0.2.1
                        - kind: dns
                          targets: 192.0.2.53
                        - kind: exec
                        - kind: link
                          targets: 192.0.2.1
                          count: 2
                        - kind: icmp
                          name: icmp
                          targets: 192.0.2.1
                          quorum: 2
                """);
        assertProblem(p, 10, "icmp probe needs 'targets'");
        assertProblem(p, 11, "target 192.0.2.1 has no port: write it as address:port or set 'port'");
        assertProblem(p, 13, "dns probe needs 'query'");
        assertProblem(p, 15, "exec probe needs 'command'");
        assertProblem(p, 17, "link probe takes no 'targets'");
        assertProblem(p, 18, "link probe takes no 'count'");
        assertProblem(p, 22, "'quorum' 2 (line 22) exceeds its 1 target(s)");
        assertProblem(p, 19, "two probes named 'icmp' (first at line 10)");
    }

    @Test
    void policyValuesAreChecked() throws Exception {
        List<String> p = problems(HEAD + """
                health:
                  policy:
                    self-on-dead: drop
                    degraded-ttl: -1
                """);
        assertProblem(p, 10, "'self-on-dead' must be 'replace'");
        assertProblem(p, 11, "'degraded-ttl' must be between 0 and");
    }

    @Test
    void policyIsNotAnUplinkKey() throws Exception {
        List<String> p = problems(HEAD + """
                    health:
                      policy:
                        self-on-dead: keep
                """);
        assertTrue(p.get(0).contains("unknown key 'policy'"), p.toString());
    }

    @Test
    void aProbeCannotRunMoreOftenThanItsUplinkRounds() throws Exception {
        assertProblem(problems(HEAD + """
                    health:
                      interval: 2s
                      probes:
                        - kind: link
                          interval: 1s
                """), 12, "is shorter than the uplink's round interval 2s");
    }
}
