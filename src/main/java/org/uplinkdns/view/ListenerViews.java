package org.uplinkdns.view;

import java.net.InetAddress;
import java.util.List;
import org.uplinkdns.config.Prefix;

/**
 * The views one listener address chooses from, worked out when the snapshot is built: the
 * client-prefix views that may apply there, in config order, and the listener's own view (its
 * uplink's, or {@code internal}) for every other client.
 */
public record ListenerViews(List<ClientView> byClient, View fallback) {

    /** A client-prefix view: clients inside one of {@code clients} (every client when empty) see {@code view}. */
    public record ClientView(List<Prefix> clients, View view) {
        public ClientView {
            clients = List.copyOf(clients);
        }

        boolean matches(byte[] client) {
            if (clients.isEmpty()) {
                return true;
            }
            for (int i = 0; i < clients.size(); i++) {
                if (clients.get(i).contains(client)) {
                    return true;
                }
            }
            return false;
        }
    }

    public ListenerViews {
        byClient = List.copyOf(byClient);
    }

    /** The view a query from {@code client} sees here: the first client-prefix view that matches, else the listener's own. */
    public View choose(InetAddress client) {
        if (byClient.isEmpty()) {
            return fallback;
        }
        byte[] address = client.getAddress();
        for (int i = 0; i < byClient.size(); i++) {
            ClientView c = byClient.get(i);
            if (c.matches(address)) {
                return c.view();
            }
        }
        return fallback;
    }
}
