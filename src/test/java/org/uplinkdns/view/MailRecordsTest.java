package org.uplinkdns.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.uplinkdns.config.MailConfig;
import org.uplinkdns.uplink.Health;
import org.uplinkdns.uplink.Uplink;
import org.uplinkdns.uplink.UplinkTable;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The MX set per view and the SPF text, from the uplink table alone. */
class MailRecordsTest {
    private static final Name DOMAIN = Name.fromConstantString("example.net.");

    private static MailConfig mail(List<String> mechanisms, String all, List<MailConfig.ExtraMx> extra) {
        return new MailConfig(DOMAIN, "mail-gw-N", 10, 10, 60, extra,
                new MailConfig.Spf(true, mechanisms, all, 1), 1);
    }

    private static Uplink uplink(int n, String public4, Health health) {
        return new Uplink("isp" + n, n, List.of(address("127.0.4." + (n + 1))),
                Optional.ofNullable(public4).map(a -> (Inet4Address) address(a)), Optional.empty(), health);
    }

    private static InetAddress address(String literal) {
        return org.uplinkdns.config.Addresses.parseLiteral(literal).orElseThrow();
    }

    /** Three uplinks, their health written as one letter each: U up, D down, R drained. */
    private static UplinkTable table(String health) {
        List<Uplink> list = new ArrayList<>();
        for (int i = 0; i < health.length(); i++) {
            Health h = switch (health.charAt(i)) {
                case 'D' -> Health.DOWN;
                case 'R' -> Health.DRAINED;
                default -> Health.UP;
            };
            list.add(uplink(i + 1, "198.51.100." + (10 * (i + 1)), h));
        }
        return new UplinkTable(list);
    }

    private static String render(RRset mx) {
        return mx.rrs(false).stream().map(r -> (MXRecord) r)
                .map(r -> r.getPriority() + " " + r.getTarget().getLabelString(0)).collect(Collectors.joining(", "));
    }

    @ParameterizedTest(name = "health {0}, query on {1}: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            UUU | isp1     | 10 mail-gw-1, 20 mail-gw-2, 30 mail-gw-3
            UUU | isp2     | 10 mail-gw-2, 20 mail-gw-1, 30 mail-gw-3
            UUU | isp3     | 10 mail-gw-3, 20 mail-gw-1, 30 mail-gw-2
            UUU | internal | 10 mail-gw-1, 20 mail-gw-2, 30 mail-gw-3
            DUU | isp1     | 10 mail-gw-2, 20 mail-gw-3
            DUU | isp2     | 10 mail-gw-2, 20 mail-gw-3
            DUU | isp3     | 10 mail-gw-3, 20 mail-gw-2
            DUU | internal | 10 mail-gw-2, 20 mail-gw-3
            URU | isp2     | 10 mail-gw-1, 20 mail-gw-3
            URU | isp3     | 10 mail-gw-3, 20 mail-gw-1
            UDR | isp1     | 10 mail-gw-1
            UDR | isp2     | 10 mail-gw-1
            UDR | internal | 10 mail-gw-1
            DDD | isp2     | 10 mail-gw-2, 20 mail-gw-1, 30 mail-gw-3
            DDD | internal | 10 mail-gw-1, 20 mail-gw-2, 30 mail-gw-3
            RDD | isp3     | 10 mail-gw-3, 20 mail-gw-1, 30 mail-gw-2
            """)
    void theReceivingUplinksGatewayComesFirstAndUplinksOutOfRotationDropOut(String health, String view, String expected) {
        UplinkTable table = table(health);
        Uplink receiving = table.byName(view).orElse(null);
        RRset mx = MailRecords.mx(mail(List.of(), "~all", List.of()), MailRecords.mxOrder(table, receiving));
        assertEquals(expected, render(mx));
    }

    @Test
    void extraTargetsAreKeptAsConfiguredWhateverTheHealth() {
        MailConfig mail = mail(List.of(), "~all", List.of(
                new MailConfig.ExtraMx(Name.fromConstantString("backup-mx.provider.example."), 90, 1)));
        UplinkTable table = table("DU");
        assertEquals("10 mail-gw-2, 90 backup-mx", render(MailRecords.mx(mail, MailRecords.mxOrder(table, null))));
    }

    @Test
    void anUplinkWithoutAnyAddressIsLeftOutOfTheMxSet() {
        Uplink noAddress = new Uplink("isp2", 2, List.of(), Optional.empty(), Optional.empty(), Health.UP);
        UplinkTable table = new UplinkTable(List.of(uplink(1, "198.51.100.10", Health.UP), noAddress));
        assertEquals("10 mail-gw-1", render(MailRecords.mx(mail(List.of(), "~all", List.of()),
                MailRecords.mxOrder(table, noAddress))));
    }

    @Test
    void aGatewayResolvesToItsUplinksPublicAddressElseItsLocalOneEvenWhenDown() {
        MailConfig mail = mail(List.of(), "~all", List.of());
        Uplink natted = uplink(1, "198.51.100.10", Health.DOWN);
        Uplink direct = uplink(2, null, Health.UP);
        assertEquals("198.51.100.10", ((org.xbill.DNS.ARecord) MailRecords.gatewayAddresses(mail, natted, Type.A)
                .orElseThrow().first()).getAddress().getHostAddress());
        assertEquals("127.0.4.3", ((org.xbill.DNS.ARecord) MailRecords.gatewayAddresses(mail, direct, Type.A)
                .orElseThrow().first()).getAddress().getHostAddress());
        assertTrue(MailRecords.gatewayAddresses(mail, direct, Type.AAAA).isEmpty(), "no IPv6 address, no AAAA");
    }

    @Test
    void spfListsEveryUplinkHealthyOrNotThenTheMechanismsThenAll() {
        Uplink v6 = new Uplink("isp3", 3, List.of(address("127.0.4.4")), Optional.empty(),
                Optional.of((Inet6Address) address("2001:db8:0:0:0:0:0:10")), Health.DOWN);
        UplinkTable table = new UplinkTable(List.of(uplink(1, "198.51.100.10", Health.UP),
                uplink(2, "203.0.113.10", Health.DOWN), v6));
        MailConfig mail = mail(List.of("include:_spf.provider.example", "ip4:203.0.113.10", "mx"), "-all", List.of());
        assertEquals("v=spf1 ip4:198.51.100.10 ip4:203.0.113.10 ip4:127.0.4.4 ip6:2001:db8::10"
                + " include:_spf.provider.example mx -all", MailRecords.spfText(mail, table));
    }

    @Test
    void longSpfTextIsSplitIntoStringsOfAtMost255BytesAtSpaces() {
        List<String> mechanisms = new ArrayList<>();
        for (int i = 1; i <= 40; i++) {
            mechanisms.add("ip4:192.0.2." + i);
        }
        MailConfig mail = mail(mechanisms, "~all", List.of());
        UplinkTable table = table("UU");
        String text = MailRecords.spfText(mail, table);
        TXTRecord txt = MailRecords.spf(mail, table);
        List<String> strings = txt.getStrings();
        assertTrue(strings.size() >= 3, "about 640 bytes need three strings: " + strings);
        for (String s : strings) {
            assertTrue(s.getBytes(StandardCharsets.US_ASCII).length <= 255, s);
        }
        assertEquals(text, String.join("", strings), "receivers join the strings with nothing between them");
        for (String s : strings.subList(0, strings.size() - 1)) {
            assertTrue(s.endsWith(" "), "cut after a space, never inside a term: '" + s + "'");
        }
        Record back = txt;
        assertEquals(DOMAIN, back.getName());
    }

    @Test
    void aShortSpfTextIsOneString() {
        assertEquals(List.of("v=spf1 ~all"), MailRecords.splitTxt("v=spf1 ~all"));
    }
}
