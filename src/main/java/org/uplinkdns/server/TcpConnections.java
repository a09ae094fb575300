package org.uplinkdns.server;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import org.uplinkdns.config.TcpConfig;

/**
 * Counts open TCP connections over all listeners, in total and per client address, so one client
 * (or many) cannot exhaust the process's file descriptors. The map holds only clients with an open
 * connection, so it is bounded by the connection limit.
 */
final class TcpConnections {
    private final Map<InetAddress, Integer> perClient = new HashMap<>();
    private int total;

    /**
     * Admits {@code ch} under {@code limits} and releases it when it closes; returns null when
     * admitted, else the limit that refused it ({@code max_connections} or {@code max_per_client}).
     */
    String admit(Channel ch, TcpConfig limits) {
        InetAddress client = ((InetSocketAddress) ch.remoteAddress()).getAddress();
        synchronized (this) {
            if (total >= limits.maxConnections()) {
                return "max_connections";
            }
            int mine = perClient.getOrDefault(client, 0);
            if (mine >= limits.maxConnectionsPerClient()) {
                return "max_per_client";
            }
            total++;
            perClient.put(client, mine + 1);
        }
        ch.closeFuture().addListener(f -> release(client));
        return null;
    }

    private synchronized void release(InetAddress client) {
        total--;
        perClient.computeIfPresent(client, (k, n) -> n <= 1 ? null : n - 1);
    }

    synchronized int open() {
        return total;
    }
}
