package org.uplinkdns.server;

import java.io.IOException;
import java.net.InetAddress;

/** A listener could not be opened; the message names the address, port and protocol. */
public final class ListenFailure extends IOException {
    private final boolean addressInUse;

    ListenFailure(InetAddress address, int port, String protocol, Throwable cause) {
        super("cannot listen on " + ServerText.hostPort(address, port) + " (" + protocol + "): " + reason(cause), cause);
        this.addressInUse = isInUse(cause);
    }

    /** True when another socket holds the address and port: retrying will not help. */
    public boolean addressInUse() {
        return addressInUse;
    }

    private static boolean isInUse(Throwable cause) {
        String m = String.valueOf(cause.getMessage()).toLowerCase();
        return m.contains("address already in use");
    }

    private static String reason(Throwable cause) {
        String m = String.valueOf(cause.getMessage());
        String lower = m.toLowerCase();
        if (lower.contains("address already in use")) {
            return "address already in use (is another DNS server running?)";
        }
        if (lower.contains("permission denied")) {
            return "permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE)";
        }
        if (lower.contains("cannot assign requested address")) {
            return "the address is not on this host";
        }
        int colon = m.lastIndexOf(": ");
        return colon >= 0 ? m.substring(colon + 2) : m;
    }
}
