package org.uplinkdns.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a self record answers on an uplink with several addresses, per family. */
class UplinkTest {
    private static InetAddress ip(String s) {
        try {
            return InetAddress.getByName(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(s, e);
        }
    }

    private static final InetAddress V4 = ip("198.51.100.10");
    private static final InetAddress V4_SECONDARY = ip("198.51.100.11");
    private static final InetAddress V6 = ip("2001:db8:1::10");
    private static final InetAddress V6_NEW = ip("2001:db8:1::20");

    private static Uplink isp1(Optional<Inet4Address> public4, Optional<Inet6Address> public6, Set<InetAddress> deprecated,
            InetAddress... addresses) {
        return new Uplink("isp1", 1, List.of(addresses), public4, public6, Health.UP, deprecated);
    }

    private static String answer(Uplink u, InetAddress local, boolean aaaa) {
        return u.answerFor(local, aaaa).map(InetAddress::getHostAddress).orElse("none");
    }

    @Test
    void queryOverIpv6GetsTheReceivingAddressForAaaaAndThePreferredIpv4ForA() {
        Uplink u = isp1(Optional.empty(), Optional.empty(), Set.of(), V4, V4_SECONDARY, V6);
        assertEquals("2001:db8:1:0:0:0:0:10", answer(u, V6, true));
        assertEquals("198.51.100.10", answer(u, V6, false));
    }

    @Test
    void queryOverIpv4GetsTheAddressItWasSentToEvenWhenSecondary() {
        Uplink u = isp1(Optional.empty(), Optional.empty(), Set.of(), V4, V4_SECONDARY, V6);
        assertEquals("198.51.100.11", answer(u, V4_SECONDARY, false));
        assertEquals("2001:db8:1:0:0:0:0:10", answer(u, V4_SECONDARY, true));
    }

    @Test
    void publicAddressesBehindNatWinPerFamily() {
        Uplink natV4Only = isp1(Optional.of((Inet4Address) ip("203.0.113.99")), Optional.empty(), Set.of(), ip("10.0.0.2"), V6);
        assertEquals("203.0.113.99", answer(natV4Only, V6, false));
        assertEquals("203.0.113.99", answer(natV4Only, ip("10.0.0.2"), false));
        assertEquals("2001:db8:1:0:0:0:0:10", answer(natV4Only, V6, true));
        Uplink both = isp1(Optional.of((Inet4Address) ip("203.0.113.99")), Optional.of((Inet6Address) ip("2001:db8:ff::1")),
                Set.of(), V4, V6);
        assertEquals("2001:db8:ff:0:0:0:0:1", answer(both, V6, true));
    }

    @Test
    void deprecatedAddressStillAnswersButHandsOutThePreferredOne() {
        Uplink u = isp1(Optional.empty(), Optional.empty(), Set.of(V6), V4, V6_NEW, V6);
        assertEquals("2001:db8:1:0:0:0:0:20", answer(u, V6, true));
        assertEquals("2001:db8:1:0:0:0:0:20", u.answerV6().orElseThrow().getHostAddress());
    }

    @Test
    void onlyDeprecatedAddressesLeaveNothingToHandOut() {
        Uplink u = isp1(Optional.empty(), Optional.empty(), Set.of(V6), V4, V6);
        assertEquals("none", answer(u, V6, true));
        assertEquals("none", answer(u, V4, true));
    }

    @Test
    void noAddressOfTheFamilyMeansNoAnswer() {
        Uplink v4only = isp1(Optional.empty(), Optional.empty(), Set.of(), V4);
        assertEquals("none", answer(v4only, V4, true));
    }

    @Test
    void healthSurvivesANewAddressTable() {
        UplinkTable before = new UplinkTable(List.of(isp1(Optional.empty(), Optional.empty(), Set.of(), V4).withHealth(Health.DOWN)));
        UplinkTable after = new UplinkTable(List.of(isp1(Optional.empty(), Optional.empty(), Set.of(), V6_NEW)));
        Uplink u = after.withHealthOf(before).byName("isp1").orElseThrow();
        assertEquals(Health.DOWN, u.health());
        assertEquals(List.of(V6_NEW), u.addresses());
    }
}
