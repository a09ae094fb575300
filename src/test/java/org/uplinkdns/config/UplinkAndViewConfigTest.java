package org.uplinkdns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The uplink and view keys: what loads, and the file:line error for what does not. */
class UplinkAndViewConfigTest {
    @TempDir
    Path dir;

    @BeforeEach
    void zone() throws Exception {
        Files.writeString(dir.resolve("www.zone"), "@ IN SOA a. b. 1 2 3 4 5\n");
    }

    private Config load(String yaml) throws ConfigException {
        try {
            Files.writeString(dir.resolve("c.yaml"), yaml);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return new ConfigLoader().load(dir.resolve("c.yaml"));
    }

    private static final String ZONES = "zones:\n  - name: www.example.net\n    file: www.zone\n";

    /** The one problem of {@code yaml}, as the operator sees it: "line: message". */
    private String problem(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> load(yaml));
        assertEquals(1, e.problems().size(), e.getMessage());
        ConfigProblem p = e.problems().get(0);
        assertTrue(p.toString().startsWith(dir.resolve("c.yaml") + ":" + p.line() + ": "), p.toString());
        return p.line() + ": " + p.message();
    }

    @Test
    void uplinksByInterfaceWithPublicAddressesPerFamily() throws Exception {
        Config c = load("""
                uplinks:
                  - name: isp1
                    interface: eth1
                    public: [198.51.100.10, 2001:db8:1::10]
                  - name: isp2
                    interface: eth1:2
                """ + ZONES);
        assertEquals("eth1", c.uplinks().get(0).interfaceName().orElseThrow());
        assertEquals("198.51.100.10", c.uplinks().get(0).publicV4().orElseThrow().getHostAddress());
        assertEquals("2001:db8:1:0:0:0:0:10", c.uplinks().get(0).publicV6().orElseThrow().getHostAddress());
        assertEquals("eth1:2", c.uplinks().get(1).interfaceName().orElseThrow());
    }

    @Test
    void twoUplinksOnTheSameInterface() {
        assertEquals("5: interface eth1 is already used by another uplink (line 3)", problem("""
                uplinks:
                  - name: isp1
                    interface: eth1
                  - name: isp2
                    interface: eth1
                """ + ZONES));
    }

    @Test
    void twoUplinksOnTheSameAddress() {
        assertEquals("5: address 198.51.100.10 is already used by another uplink (line 3)", problem("""
                uplinks:
                  - name: isp1
                    address: 198.51.100.10
                  - name: isp2
                    address: 198.51.100.10
                """ + ZONES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"eth 1", "eth/1", "averyveryverylongname", ":1", "eth0:", "eth0:1:2", "..", "eth1;reboot", ""})
    void impossibleInterfaceNames(String name) {
        String p = problem("uplinks:\n  - name: isp1\n    interface: \"" + name + "\"\n" + ZONES);
        assertTrue(p.startsWith("3: '") && p.contains("cannot be an interface name"), p);
    }

    @Test
    void anIpv4MappedPublicAddressIsTheWrongFamily() {
        assertEquals("4: uplink 'isp1' public address ::ffff:198.51.100.10 is an IPv4-mapped IPv6 address:"
                + " write the IPv4 address 198.51.100.10 for A answers, or a real IPv6 address for AAAA", problem("""
                uplinks:
                  - name: isp1
                    interface: eth1
                    public: ::ffff:198.51.100.10
                """ + ZONES));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "::", "127.0.0.1", "169.254.1.1", "fe80::1", "224.0.0.1"})
    void publicAddressesClientsCannotReach(String address) {
        String p = problem("uplinks:\n  - name: isp1\n    interface: eth1\n    public: \"" + address + "\"\n" + ZONES);
        assertTrue(p.startsWith("4: ") && p.contains("cannot be handed out to clients"), p);
    }

    @Test
    void twoPublicAddressesOfOneFamily() {
        assertEquals("3: uplink 'isp1' has two public IPv4 addresses: give at most one per family", problem("""
                uplinks:
                  - name: isp1
                    public: [198.51.100.10, 198.51.100.11]
                    interface: eth1
                """ + ZONES));
    }

    @Test
    void viewsWithPrefixesUplinkNamesAndZoneFiles() throws Exception {
        Files.writeString(dir.resolve("lan.zone"), "@ IN SOA a. b. 1 2 3 4 5\n");
        Config c = load("""
                uplinks:
                  - name: isp1
                    interface: eth1
                views:
                  - name: lan
                    match-clients: [192.0.2.0/25, 2001:db8:100::/56]
                    match-destinations: [192.0.2.1, isp1, 2001:db8::/32]
                  - name: guests
                    match-clients: 192.0.2.128/25
                zones:
                  - name: www.example.net
                    file: www.zone
                    views:
                      lan: lan.zone
                """);
        ViewConfig lan = c.views().get(0);
        assertEquals("lan", lan.name());
        assertEquals(List.of(Prefix.parse("192.0.2.0/25").orElseThrow(), Prefix.parse("2001:db8:100::/56").orElseThrow()),
                lan.clients());
        assertEquals(Set.of("isp1"), lan.destinationUplinks());
        assertEquals(2, lan.destinations().size());
        assertEquals(List.of(Prefix.parse("192.0.2.128/25").orElseThrow()), c.views().get(1).clients());
        assertTrue(c.zones().get(0).viewFiles().containsKey("lan"));
    }

    @Test
    void aPrefixWithHostBitsSetSuggestsTheNetwork() {
        assertEquals("5: 'match-clients' entries must be an address or a prefix such as 192.0.2.0/24 or 2001:db8::/48,"
                + " not '192.0.2.1/24': the address has bits set past the prefix length, did you mean 192.0.2.0/24?",
                problem("uplinks:\n  - {name: isp1, interface: eth1}\nviews:\n  - name: lan\n    match-clients: [192.0.2.1/24]\n" + ZONES));
    }

    @Test
    void aDestinationThatIsNeitherAddressNorUplink() {
        assertEquals("5: match-destinations entry 'isp3' is neither an address, a prefix nor an uplink name (uplinks: isp1)",
                problem("uplinks:\n  - {name: isp1, interface: eth1}\nviews:\n  - name: lan\n    match-destinations: [isp3]\n" + ZONES));
    }

    @Test
    void aViewNameTakenByAnUplink() {
        assertEquals("4: view name 'isp1' is taken by an uplink: choose another name",
                problem("uplinks:\n  - {name: isp1, interface: eth1}\nviews:\n  - name: isp1\n    match-clients: [192.0.2.0/24]\n" + ZONES));
    }

    @Test
    void aViewMatchingEverything() {
        assertEquals("4: view 'all' needs 'match-clients' or 'match-destinations' (or both):"
                        + " a view matching every query would hide every uplink's own view",
                problem("uplinks:\n  - {name: isp1, interface: eth1}\nviews:\n  - name: all\n" + ZONES));
    }

    @Test
    void duplicateViews() {
        assertEquals("6: duplicate view 'lan' (first at line 4)", problem("""
                uplinks:
                  - {name: isp1, interface: eth1}
                views:
                  - name: lan
                    match-clients: [192.0.2.0/24]
                  - name: lan
                    match-clients: [198.51.100.0/24]
                """ + ZONES));
    }

    @Test
    void aZoneFileForAViewThatDoesNotExist() {
        String p = problem("""
                uplinks:
                  - {name: isp1, interface: eth1}
                views:
                  - name: lan
                    match-clients: [192.0.2.0/24]
                zones:
                  - name: www.example.net
                    file: www.zone
                    views:
                      guests: www.zone
                """);
        assertEquals("10: unknown view 'guests' (views are the uplink names, 'internal' and the names under 'views':"
                + " isp1, internal, lan)", p);
    }
}
