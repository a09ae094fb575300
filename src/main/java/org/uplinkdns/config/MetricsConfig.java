package org.uplinkdns.config;

import java.net.InetAddress;

/** The read-only HTTP endpoint for /metrics, /healthz and /readyz. */
public record MetricsConfig(boolean enabled, InetAddress address, int port) {
    public static final MetricsConfig DEFAULTS =
            new MetricsConfig(true, InetAddress.getLoopbackAddress(), 9153);
}
