package org.uplinkdns.metrics;

import java.util.List;

/**
 * The state the server is in, published after every snapshot change (reload, address change,
 * health change) and every reload attempt. Plain values, so this package needs nothing else.
 */
public interface StateRecorder {
    /** One uplink: its state word ({@code up}, {@code down}, {@code drained}) and current local addresses. */
    record UplinkRow(String uplink, String state, List<String> addresses) {}

    /** One zone as one view serves it. */
    record ZoneRow(String zone, String view, long serial) {}

    void state(List<UplinkRow> uplinks, List<ZoneRow> zones);

    /** A reload finished; {@code ok} false when it was rejected and the old data kept serving. */
    void reload(boolean ok);

    StateRecorder NONE = new StateRecorder() {
        @Override
        public void state(List<UplinkRow> uplinks, List<ZoneRow> zones) {}

        @Override
        public void reload(boolean ok) {}
    };
}
