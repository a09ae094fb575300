package org.uplinkdns.config;

import java.time.Duration;

/**
 * TCP serving limits (RFC 7766).
 *
 * @param idleTimeout a connection with no query and no answer in flight for this long is closed
 * @param readTimeout a message whose first byte has arrived must be complete within this time
 *     (slowloris: a length prefix trickled in byte by byte keeps nothing open for long)
 * @param maxConnections open connections over all listeners; more are closed at once
 * @param maxConnectionsPerClient open connections from one client address
 * @param maxQueriesPerConnection answered queries before the server closes the connection; 0 means no limit
 */
public record TcpConfig(
        Duration idleTimeout,
        Duration readTimeout,
        int maxConnections,
        int maxConnectionsPerClient,
        int maxQueriesPerConnection) {
    public static final TcpConfig DEFAULTS = new TcpConfig(Duration.ofSeconds(10), Duration.ofSeconds(5), 1000, 32, 1000);

    /** The defaults with another idle timeout (the one setting older configs had). */
    public TcpConfig(Duration idleTimeout) {
        this(idleTimeout, DEFAULTS.readTimeout, DEFAULTS.maxConnections, DEFAULTS.maxConnectionsPerClient,
                DEFAULTS.maxQueriesPerConnection);
    }
}
