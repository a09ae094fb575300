package org.uplinkdns.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PrefixTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource(textBlock = """
            192.0.2.0/25,       192.0.2.0,          true
            192.0.2.0/25,       192.0.2.127,        true
            192.0.2.0/25,       192.0.2.128,        false
            192.0.2.0/25,       2001:db8::1,        false
            192.0.2.1,          192.0.2.1,          true
            192.0.2.1,          192.0.2.2,          false
            0.0.0.0/0,          203.0.113.7,        true
            2001:db8:1::/48,    2001:db8:1:ffff::1, true
            2001:db8:1::/48,    2001:db8:2::1,      false
            2001:db8::/29,      2001:dbf::1,        true
            2001:db8::/29,      2001:dc0::1,        false
            ::/0,               2001:db8::1,        true
            ::/0,               192.0.2.1,          false
            """)
    void containment(String prefix, String address, boolean expected) throws Exception {
        assertEquals(expected, Prefix.parse(prefix).orElseThrow().contains(InetAddress.getByName(address)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1/24", "192.0.2.0/33", "2001:db8::/129", "192.0.2.0/", "192.0.2.0/x", "lan",
            "::ffff:192.0.2.0/120", ""})
    void notAPrefix(String text) {
        assertTrue(Prefix.parse(text).isEmpty(), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.0/25", "2001:db8:1::/48", "198.51.100.7/32"})
    void printsAsWritten(String text) {
        assertEquals(text, Prefix.parse(text).orElseThrow().toString());
    }
}
