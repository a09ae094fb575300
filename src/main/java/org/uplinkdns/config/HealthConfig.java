package org.uplinkdns.config;

import java.util.Map;

/**
 * Health checking: each uplink's probes and thresholds, and how answers change while an uplink
 * is out of rotation.
 *
 * @param uplinks uplink name to its settings; an uplink missing here has no probes
 * @param policy what answers do with an uplink that is out of rotation
 */
public record HealthConfig(Map<String, UplinkHealthConfig> uplinks, HealthPolicy policy) {
    /** No probes anywhere: every uplink stays in rotation unless drained. */
    public static final HealthConfig NONE = new HealthConfig(Map.of(), HealthPolicy.DEFAULTS);

    public HealthConfig {
        uplinks = Map.copyOf(uplinks);
    }

    /** The settings of {@code uplink}; an uplink without probes gets the defaults and no probes. */
    public UplinkHealthConfig forUplink(String uplink) {
        return uplinks.getOrDefault(uplink, UplinkHealthConfig.UNPROBED);
    }
}
