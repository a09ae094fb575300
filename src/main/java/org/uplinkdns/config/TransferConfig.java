package org.uplinkdns.config;

import java.net.InetAddress;
import java.util.List;

/**
 * Who may transfer zones (AXFR, and IXFR answered as a full transfer), over TCP only. Empty: nobody.
 */
public record TransferConfig(List<Prefix> allow) {
    public static final TransferConfig NOBODY = new TransferConfig(List.of());

    public TransferConfig {
        allow = List.copyOf(allow);
    }

    public boolean allows(InetAddress client) {
        for (Prefix p : allow) {
            if (p.contains(client)) {
                return true;
            }
        }
        return false;
    }
}
