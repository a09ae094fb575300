package org.uplinkdns.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.uplinkdns.uplink.HostAddress.Flag;
import org.uplinkdns.uplink.HostAddress.Scope;

/** Lines as iproute2 6.1 prints them with {@code -o}; the lifetimes follow a backslash. */
class IpAddrParserTest {

    private static HostAddress parse(String line) {
        AddressEvent e = IpAddrParser.parseLine(line).orElseThrow();
        assertFalse(e.deleted());
        return e.address();
    }

    @Test
    void ipv4AddressWithBroadcastAndLabel() throws Exception {
        HostAddress a = parse("3: eth1    inet 198.51.100.10/24 brd 198.51.100.255 scope global eth1\\"
                + "       valid_lft forever preferred_lft forever");
        assertEquals(new HostAddress("eth1", "eth1", InetAddress.getByName("198.51.100.10"), 24, Scope.GLOBAL, Set.of()), a);
        assertTrue(a.handOutable());
    }

    @Test
    void secondaryIpv4AddressWithAliasLabel() {
        HostAddress a = parse("3: eth1    inet 198.51.100.12/24 scope global secondary eth1:x\\"
                + "       valid_lft forever preferred_lft forever");
        assertEquals("eth1", a.device());
        assertEquals("eth1:x", a.label());
        assertEquals(Set.of(Flag.SECONDARY), a.flags());
        assertTrue(a.handOutable());
    }

    @Test
    void pppoePeerAddressIsAHostAddress() {
        HostAddress a = parse("5: ppp0    inet 203.0.113.7 peer 203.0.113.1/32 scope global ppp0\\"
                + "       valid_lft forever preferred_lft forever");
        assertEquals("203.0.113.7", a.address().getHostAddress());
        assertEquals(32, a.prefixLength());
        assertEquals("ppp0", a.label());
    }

    @Test
    void deletedLineOfTheMonitor() {
        AddressEvent e = IpAddrParser.parseLine("Deleted 3: d0    inet 198.51.100.10/24 scope global d0\\"
                + "       valid_lft forever preferred_lft forever").orElseThrow();
        assertTrue(e.deleted());
        assertEquals("198.51.100.10", e.address().address().getHostAddress());
    }

    /** Which IPv6 addresses may be listened on and handed out, by the flags ip prints. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            plain global                 | 2001:db8:1::10/64 scope global nodad                        | forever | true  | true
            deprecated: listen, not hand | 2001:db8:1::12/64 scope global nodad deprecated             | 0sec    | true  | false
            tentative                    | 2001:db8:1::11/64 scope global tentative                    | forever | false | false
            DAD failed                   | 2001:db8:1::11/64 scope global tentative dadfailed          | forever | false | false
            temporary privacy address    | 2001:db8:1:0:a1b2:c3d4:e5f6:1/64 scope global temporary dynamic | 14000sec | false | false
            SLAAC with newer keywords    | 2001:db8:1:0:200:5eff:fe00:5301/64 scope global dynamic mngtmpaddr noprefixroute proto kernel_ra | 14000sec | true | true
            optimistic DAD               | 2001:db8:1::13/64 scope global optimistic                   | forever | true  | true
            link-local                   | fe80::f8d8:b3ff:fe16:147d/64 scope link                     | forever | false | false
            loopback                     | ::1/128 scope host                                          | forever | false | false
            """)
    void ipv6Flags(String what, String rest, String preferred, boolean listenable, boolean handOutable) {
        HostAddress a = parse("3: d0    inet6 " + rest + " \\       valid_lft forever preferred_lft " + preferred);
        assertEquals(listenable, a.listenable(), what + " listenable");
        assertEquals(handOutable, a.handOutable(), what + " handed out");
    }

    @Test
    void deprecatedFlagWordAndZeroPreferredLifetimeBothMeanDeprecated() {
        HostAddress byWord = parse("3: d0    inet6 2001:db8:1::12/64 scope global deprecated \\       valid_lft forever preferred_lft forever");
        HostAddress byLifetime = parse("3: d0    inet6 2001:db8:1::12/64 scope global \\       valid_lft 600sec preferred_lft 0sec");
        assertTrue(byWord.flags().contains(Flag.DEPRECATED));
        assertTrue(byLifetime.flags().contains(Flag.DEPRECATED));
    }

    @Test
    void ipv4LinkLocalHasGlobalScopeButIsNeverUsed() {
        HostAddress a = parse("3: d0    inet 169.254.1.1/16 scope global d0\\       valid_lft forever preferred_lft forever");
        assertEquals(Scope.GLOBAL, a.scope());
        assertFalse(a.listenable());
    }

    @Test
    void loopbackIpv4IsHostScope() {
        assertFalse(parse("1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever").listenable());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ''
            3: eth1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
                link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff
            Timestamp: Mon Nov 23 22:00:00 2026 123456 usec
            3: eth1    inet not-an-address/24 scope global eth1
            3: eth1    inet 2001:db8::1/64 scope global eth1
            """)
    void linesThatAreNoAddressAreSkipped(String line) {
        assertTrue(IpAddrParser.parseLine(line == null ? "" : line).isEmpty(), line);
    }

    @Test
    void wholeOutputOfAddrShow() {
        String output = """
                1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
                1: lo    inet6 ::1/128 scope host \\       valid_lft forever preferred_lft forever
                3: up1    inet 198.51.100.10/24 scope global up1\\       valid_lft forever preferred_lft forever
                3: up1    inet6 2001:db8:1::10/64 scope global nodad \\       valid_lft forever preferred_lft forever
                3: up1    inet6 fe80::1/64 scope link \\       valid_lft forever preferred_lft forever
                """;
        List<HostAddress> all = IpAddrParser.parseAll(output);
        assertEquals(5, all.size());
        assertEquals(List.of("198.51.100.10", "2001:db8:1:0:0:0:0:10"),
                all.stream().filter(HostAddress::handOutable).map(a -> a.address().getHostAddress()).toList());
    }

    @Test
    void monitorPrefixesOfOtherModesAreSkipped() {
        AddressEvent e = IpAddrParser.parseLine("[ADDR]Deleted 4: up2    inet6 2001:db8:2::10/64 scope global \\"
                + "       valid_lft forever preferred_lft forever").orElseThrow();
        assertTrue(e.deleted());
        assertEquals("up2", e.address().device());
    }
}
