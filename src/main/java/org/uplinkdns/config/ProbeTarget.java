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

    /** {@code address:port}, or {@code address} for port 0; IPv6 in brackets (as in a URL or Host header). */
    public String endpoint(int port) {
        String a = address.getHostAddress();
        if (address instanceof Inet6Address) {
            a = "[" + a + "]";
        }
        return port > 0 ? a + ":" + port : a;
    }

    @Override
    public String toString() {
        return text;
    }
}
