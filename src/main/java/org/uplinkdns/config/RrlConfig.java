package org.uplinkdns.config;

import java.time.Duration;
import java.util.List;

/**
 * Response rate limiting on UDP (in the spirit of BIND RRL and Knot {@code rrl}): how many
 * identical responses one client prefix may get per second before they are dropped or slipped.
 *
 * @param enabled false turns rate limiting off entirely
 * @param responsesPerSecond answers, NODATA and referrals per (prefix, name, type) and second
 * @param errorsPerSecond NXDOMAIN (per zone) and error responses (per prefix) per second
 * @param window how long a flood is remembered: debt built up over this time must be paid back
 * @param slip every slip-th limited response is sent as an empty TC=1 reply (0: never, 1: always)
 * @param ipv4PrefixLength clients of one IPv4 prefix this long share a budget
 * @param ipv6PrefixLength likewise for IPv6
 * @param tableSize fixed number of buckets; the oldest are reused, so memory never grows
 * @param exempt clients never limited (e.g. a monitoring host)
 */
public record RrlConfig(
        boolean enabled,
        int responsesPerSecond,
        int errorsPerSecond,
        Duration window,
        int slip,
        int ipv4PrefixLength,
        int ipv6PrefixLength,
        int tableSize,
        List<Prefix> exempt) {

    public static final RrlConfig DEFAULTS =
            new RrlConfig(true, 20, 10, Duration.ofSeconds(15), 2, 24, 56, 65536, List.of());

    public RrlConfig {
        exempt = List.copyOf(exempt);
    }

    public static RrlConfig off() {
        return new RrlConfig(false, DEFAULTS.responsesPerSecond, DEFAULTS.errorsPerSecond, DEFAULTS.window,
                DEFAULTS.slip, DEFAULTS.ipv4PrefixLength, DEFAULTS.ipv6PrefixLength, DEFAULTS.tableSize, List.of());
    }
}
