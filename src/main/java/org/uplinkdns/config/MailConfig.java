package org.uplinkdns.config;

import java.util.List;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * Mail redundancy across uplinks: one gateway host per uplink and an MX set for {@code domain}.
 *
 * @param domain the mail domain (owner of the MX and SPF records)
 * @param gatewayPattern the gateway host name with {@code N} standing for the uplink number; relative
 *     to {@code domain} unless it ends with a dot; already checked to give a valid host name for
 *     every configured uplink
 * @param preference MX preference of the first gateway; each further one adds {@code step}
 * @param ttl TTL of the MX, gateway address and SPF records
 * @param extraMx MX targets kept as configured whatever the uplinks do (a third-party backup MX)
 * @param line where the {@code mail:} section starts
 */
public record MailConfig(
        Name domain,
        String gatewayPattern,
        int preference,
        int step,
        long ttl,
        List<ExtraMx> extraMx,
        Spf spf,
        int line) {

    public static final String DEFAULT_PATTERN = "mail-gw-N";
    /** The letter in {@link #gatewayPattern} that stands for the uplink number. */
    public static final char NUMBER_PLACEHOLDER = 'N';

    public MailConfig {
        extraMx = List.copyOf(extraMx);
    }

    /** A fixed MX target. */
    public record ExtraMx(Name target, int preference, int line) {}

    /**
     * The generated SPF record: {@code v=spf1}, every uplink's public addresses as {@code ip4:}/{@code
     * ip6:}, then {@code mechanisms}, then {@code all}.
     *
     * @param all {@code ~all} or {@code -all}
     */
    public record Spf(boolean enabled, List<String> mechanisms, String all, int line) {
        public static final Spf DISABLED = new Spf(false, List.of(), "~all", 0);

        public Spf {
            mechanisms = List.copyOf(mechanisms);
        }
    }

    /** The gateway host of uplink {@code number} (1-based, config order). */
    public Name gateway(int number) {
        try {
            return gatewayName(gatewayPattern, number, domain);
        } catch (TextParseException e) {
            // The loader tried every configured uplink number; only an out-of-range number gets here.
            throw new IllegalArgumentException("no gateway name for uplink " + number + ": " + e.getMessage(), e);
        }
    }

    /** The MX preference of the gateway at {@code position} (0-based) in an MX set. */
    public int preferenceAt(int position) {
        return preference + position * step;
    }

    static Name gatewayName(String pattern, int number, Name domain) throws TextParseException {
        String text = pattern.replace(String.valueOf(NUMBER_PLACEHOLDER), Integer.toString(number));
        return Name.fromString(text, domain).canonicalize();
    }
}
