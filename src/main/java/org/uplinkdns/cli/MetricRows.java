package org.uplinkdns.cli;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.uplinkdns.config.Config;
import org.uplinkdns.config.ViewConfig;
import org.uplinkdns.metrics.StateRecorder;
import org.uplinkdns.uplink.Uplink;
import org.uplinkdns.view.Snapshot;
import org.uplinkdns.zone.ZoneData;

/** A snapshot as the plain rows the metrics package publishes. */
final class MetricRows {
    private MetricRows() {}

    static List<StateRecorder.UplinkRow> uplinks(Snapshot snap) {
        List<StateRecorder.UplinkRow> rows = new ArrayList<>();
        for (Uplink u : snap.uplinks().uplinks()) {
            rows.add(new StateRecorder.UplinkRow(u.name(), u.health().name().toLowerCase(Locale.ROOT),
                    u.addresses().stream().map(InetAddress::getHostAddress).toList()));
        }
        return rows;
    }

    static List<StateRecorder.ZoneRow> zones(Snapshot snap) {
        Config config = snap.config();
        List<String> views = new ArrayList<>();
        config.uplinks().forEach(u -> views.add(u.name()));
        views.add(Config.INTERNAL_VIEW);
        config.views().stream().map(ViewConfig::name).forEach(views::add);
        List<StateRecorder.ZoneRow> rows = new ArrayList<>();
        for (var z : config.zones()) {
            for (String view : views) {
                ZoneData data = snap.zoneSet().forView(view).get(z.name());
                if (data != null) {
                    rows.add(new StateRecorder.ZoneRow(z.name().toString(), view, data.serial()));
                }
            }
        }
        return rows;
    }
}
