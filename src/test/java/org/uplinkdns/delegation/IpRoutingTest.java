package org.uplinkdns.delegation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.uplinkdns.delegation.Fixtures.ip;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Reading iproute2 output: source rules and default routes. */
class IpRoutingTest {
    private static final String RULES = """
            0:	from all lookup local
            100:	from 192.0.2.2 lookup 101
            101:	from 198.51.100.0/24 lookup isp2
            32766:	from all lookup main
            32767:	from all lookup default
            """;

    @Test
    void aRuleFromTheAddressItselfCounts() {
        assertTrue(IpRouting.hasSourceRule(RULES, ip("192.0.2.2")));
    }

    @Test
    void aRuleFromAPrefixHoldingTheAddressCounts() {
        assertTrue(IpRouting.hasSourceRule(RULES, ip("198.51.100.77")));
    }

    @Test
    void theMainTablesFromAllRuleDoesNotCount() {
        assertFalse(IpRouting.hasSourceRule(RULES, ip("203.0.113.5")));
        assertFalse(IpRouting.hasSourceRule(RULES, ip("192.0.2.3")));
    }

    @Test
    void anIpv6RuleIsMatchedByPrefix() {
        assertTrue(IpRouting.hasSourceRule("1000:	from 2001:db8:1::/48 lookup 102\n", ip("2001:db8:1::53")));
        assertFalse(IpRouting.hasSourceRule("1000:	from 2001:db8:1::/48 lookup 102\n", ip("2001:db8:2::53")));
    }

    @Test
    void theNextHopIsTheFirstDefaultViaRoute() {
        String routes = """
                default dev ppp0 scope link
                default via 192.0.2.1 dev eth1 table 101 proto static
                default via 192.0.2.254 dev eth1 proto dhcp metric 100
                """;
        assertEquals(Optional.of(ip("192.0.2.1")), IpRouting.firstGateway(routes));
        assertEquals(Optional.empty(), IpRouting.firstGateway("default dev ppp0 scope link\n"));
    }
}
