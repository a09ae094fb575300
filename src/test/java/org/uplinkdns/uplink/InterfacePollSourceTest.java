package org.uplinkdns.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.uplinkdns.uplink.HostAddress.Flag;

class InterfacePollSourceTest {

    @Test
    void ipv6FlagsComeFromProcNetIfInet6() {
        Map<String, Set<Flag>> flags = new HashMap<>();
        for (String line : List.of(
                "20010db8000100000000000000000012 03 40 00 a2       d0",
                "20010db8000100000000000000000011 03 40 00 c0       d0",
                "20010db80001000000000000000000aa 03 40 00 01       d0",
                "20010db8000100000000000000000010 03 40 00 82       d0",
                "garbage")) {
            InterfacePollSource.parseIfInet6(line, flags);
        }
        assertEquals(Set.of(Flag.DEPRECATED), flags.get("2001:db8:1::12%d0"));
        assertEquals(Set.of(Flag.TENTATIVE), flags.get("2001:db8:1::11%d0"));
        assertEquals(Set.of(Flag.TEMPORARY), flags.get("2001:db8:1::aa%d0"));
        assertEquals(Set.of(), flags.get("2001:db8:1::10%d0"));
        assertEquals(4, flags.size());
    }

    @Test
    void readsThisHostsLoopbackAsHostScope() throws Exception {
        List<HostAddress> all = new InterfacePollSource().read();
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        HostAddress lo = all.stream().filter(a -> a.address().equals(loopback)).findFirst().orElseThrow();
        assertEquals(HostAddress.Scope.HOST, lo.scope());
        assertTrue(all.stream().noneMatch(a -> a.address().getHostAddress().contains("%")), "no scope ids: " + all);
    }
}
