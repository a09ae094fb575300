package org.uplinkdns.config;

import java.time.Duration;
import java.util.List;

/**
 * How one uplink is checked.
 *
 * @param rise good rounds in a row that bring a down uplink up
 * @param fall bad rounds in a row that take an up uplink down
 * @param interval time between the starts of two rounds
 * @param failOpen whether the uplink counts as up before its first round has finished
 * @param probes what a round runs; a round is good when every probe passes. Empty: never probed.
 */
public record UplinkHealthConfig(int rise, int fall, Duration interval, boolean failOpen, List<ProbeConfig> probes) {
    public static final int DEFAULT_RISE = 3;
    public static final int DEFAULT_FALL = 3;
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMillis(500);
    public static final int DEFAULT_COUNT = 3;
    public static final int DEFAULT_QUORUM = 1;

    public static final UplinkHealthConfig UNPROBED =
            new UplinkHealthConfig(DEFAULT_RISE, DEFAULT_FALL, DEFAULT_INTERVAL, true, List.of());

    public UplinkHealthConfig {
        probes = List.copyOf(probes);
    }
}
