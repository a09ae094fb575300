package org.uplinkdns.config;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Where a probe is sent. Names in the config are resolved once, when the config is loaded.
 *
 * @param text as written in the config, for logs
 * @param port the port, or 0 when the probe kind has none (ICMP) or uses its default
 */
public record ProbeTarget(String text, InetAddress address, int port) {

    /** {@code address:port} as a log line shows it ({@code [v6]:port} for IPv6). */
    public String endpoint(int effectivePort) {
        String a = address.getHostAddress();
        if (address instanceof Inet6Address) {
            a = "[" + a + "]";
        }
        return effectivePort > 0 ? a + ":" + effectivePort : address.getHostAddress();
    }

    @Override
    public String toString() {
        return text;
    }
}
