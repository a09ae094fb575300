package org.uplinkdns.config;

import java.time.Duration;

/** TCP serving limits (RFC 7766). */
public record TcpConfig(Duration idleTimeout) {
    public static final TcpConfig DEFAULTS = new TcpConfig(Duration.ofSeconds(10));
}
