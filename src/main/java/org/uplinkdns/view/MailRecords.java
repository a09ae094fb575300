package org.uplinkdns.view;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.uplinkdns.config.Addresses;
import org.uplinkdns.config.MailConfig;
import org.uplinkdns.uplink.Uplink;
import org.uplinkdns.uplink.UplinkTable;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * The records a {@code mail:} section derives from the uplinks: one gateway host per uplink, an
 * MX set that prefers the receiving uplink, and the SPF text. Pure functions of the config and
 * the uplink table; {@link SnapshotBuilder} puts them into each view, and {@code plan} prints the
 * ones the parent zone needs.
 */
public final class MailRecords {
    /** A TXT character-string holds at most 255 bytes (RFC 1035 section 3.3). */
    static final int TXT_STRING_MAX = 255;

    private MailRecords() {}

    /**
     * The uplinks whose gateways an MX set names, most preferred first: {@code receiving} (the
     * uplink the query arrived on; null for the internal view and the parent zone) when it is in
     * rotation, then the other uplinks in rotation in config order. Uplinks without any address
     * are left out unless that would leave none. Never empty while the table is not.
     */
    public static List<Uplink> mxOrder(UplinkTable table, Uplink receiving) {
        List<Uplink> rotation = table.inRotation();
        List<Uplink> reachable = rotation.stream().filter(MailRecords::hasAddress).toList();
        List<Uplink> candidates = reachable.isEmpty() ? rotation : reachable;
        List<Uplink> order = new ArrayList<>(candidates.size());
        if (receiving != null) {
            candidates.stream().filter(u -> u.number() == receiving.number()).findFirst().ifPresent(order::add);
        }
        for (Uplink u : candidates) {
            if (!order.contains(u)) {
                order.add(u);
            }
        }
        return List.copyOf(order);
    }

    /** The MX RRset: the gateways of {@code order} at increasing preferences, then the fixed extra targets. */
    public static RRset mx(MailConfig mail, List<Uplink> order) {
        RRset set = new RRset();
        for (int i = 0; i < order.size(); i++) {
            set.addRR(new MXRecord(mail.domain(), DClass.IN, mail.ttl(), mail.preferenceAt(i),
                    mail.gateway(order.get(i).number())));
        }
        for (MailConfig.ExtraMx x : mail.extraMx()) {
            set.addRR(new MXRecord(mail.domain(), DClass.IN, mail.ttl(), x.preference(), x.target()));
        }
        return set;
    }

    /**
     * The A ({@code type} = {@code Type.A}) or AAAA records of {@code uplink}'s gateway host: its
     * public address, else its current local one. Not filtered by health: a gateway name always
     * resolves, so mail already queued for it is not bounced. Empty when the uplink has no
     * address of that family.
     */
    public static Optional<RRset> gatewayAddresses(MailConfig mail, Uplink uplink, int type) {
        Optional<? extends InetAddress> address = type == Type.AAAA ? uplink.answerV6() : uplink.answerV4();
        return address.map(a -> new RRset(type == Type.AAAA
                ? new AAAARecord(mail.gateway(uplink.number()), DClass.IN, mail.ttl(), a)
                : new ARecord(mail.gateway(uplink.number()), DClass.IN, mail.ttl(), a)));
    }

    /**
     * The SPF policy text: {@code v=spf1}, the public address of every uplink (outbound mail may
     * leave by any link, so health does not filter them), the configured mechanisms, then
     * {@code ~all} or {@code -all}. Terms already present are not repeated.
     */
    public static String spfText(MailConfig mail, UplinkTable table) {
        Set<String> terms = new LinkedHashSet<>();
        terms.add("v=spf1");
        for (Uplink u : table.uplinks()) {
            u.answerV4().ifPresent(a -> terms.add("ip4:" + a.getHostAddress()));
        }
        for (Uplink u : table.uplinks()) {
            u.answerV6().ifPresent(a -> terms.add("ip6:" + Addresses.text(a)));
        }
        for (String m : mail.spf().mechanisms()) {
            if (terms.stream().noneMatch(t -> t.equalsIgnoreCase(m))) {
                terms.add(m);
            }
        }
        terms.add(mail.spf().all());
        return String.join(" ", terms);
    }

    /** The SPF TXT record at the mail domain, its text split into strings of at most 255 bytes. */
    public static TXTRecord spf(MailConfig mail, UplinkTable table) {
        return new TXTRecord(mail.domain(), DClass.IN, mail.ttl(), splitTxt(spfText(mail, table)));
    }

    /**
     * Splits {@code text} into TXT strings of at most 255 bytes. Receivers join the strings with
     * nothing between them (RFC 7208 section 3.3), so each cut is made just after a space and the
     * space stays at the end of the earlier string.
     */
    public static List<String> splitTxt(String text) {
        List<String> parts = new ArrayList<>();
        String rest = text;
        while (rest.getBytes(StandardCharsets.US_ASCII).length > TXT_STRING_MAX) {
            int cut = rest.lastIndexOf(' ', TXT_STRING_MAX - 1);
            int end = cut <= 0 ? TXT_STRING_MAX : cut + 1;
            parts.add(rest.substring(0, end));
            rest = rest.substring(end);
        }
        parts.add(rest);
        return List.copyOf(parts);
    }

    /** True when {@code text} (the TXT strings joined) is an SPF policy. */
    public static boolean isSpf(String text) {
        String t = text.toLowerCase();
        return t.equals("v=spf1") || t.startsWith("v=spf1 ");
    }

    private static boolean hasAddress(Uplink u) {
        return u.answerV4().isPresent() || u.answerV6().isPresent();
    }

}
