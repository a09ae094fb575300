package org.uplinkdns.server;

import java.net.Inet6Address;
import java.net.InetAddress;

/** How addresses appear in log lines and errors. */
final class ServerText {
    private ServerText() {}

    static String hostPort(InetAddress address, int port) {
        String host = address.getHostAddress();
        return address instanceof Inet6Address ? "[" + host + "]:" + port : host + ":" + port;
    }
}
