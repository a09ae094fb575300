package org.uplinkdns.cli;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.uplinkdns.config.Config;
import org.uplinkdns.config.ConfigProblem;
import org.uplinkdns.config.ViewConfig;
import org.uplinkdns.control.ControlActions;
import org.uplinkdns.health.HealthMonitor;
import org.uplinkdns.health.ProbeResult;
import org.uplinkdns.server.DnsServer;
import org.uplinkdns.uplink.Uplink;
import org.uplinkdns.view.Snapshot;
import org.uplinkdns.zone.ZoneData;

/** What the control socket's commands do to a running server. */
final class RuntimeControl implements ControlActions {
    private final ServerRuntime runtime;

    RuntimeControl(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public Reply reload() {
        List<ConfigProblem> problems = runtime.reload();
        if (problems.isEmpty()) {
            return new Reply(true, "reloaded " + runtime.snapshots().get().config().source());
        }
        return new Reply(false, problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("\n"))
                + "\nreload failed: still serving the previous config and zones");
    }

    @Override
    public Reply drain(String uplink, boolean drain) {
        boolean known = drain ? runtime.health().drain(uplink) : runtime.health().undrain(uplink);
        if (!known) {
            String names = runtime.snapshots().get().uplinks().uplinks().stream().map(Uplink::name)
                    .collect(Collectors.joining(", "));
            return new Reply(false, "no uplink named '" + uplink + "' (uplinks: " + names + ")");
        }
        return new Reply(true, "uplink " + uplink + (drain
                ? " drained: out of rotation until 'uplinkdns uplink undrain " + uplink + "' (kept across reloads)"
                : " undrained: back in rotation as its probes decide"));
    }

    @Override
    public Reply status() {
        Snapshot snap = runtime.snapshots().get();
        Instant now = Instant.now();
        StringBuilder out = new StringBuilder();
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"UPLINK", "STATE", "SINCE", "ADDRESSES", "LAST PROBES"});
        for (HealthMonitor.UplinkStatus s : runtime.health().status()) {
            Uplink u = snap.uplinks().byName(s.uplink()).orElse(null);
            String addresses = u == null || u.addresses().isEmpty() ? "(waiting for an address)"
                    : u.addresses().stream().map(InetAddress::getHostAddress).collect(Collectors.joining(" "));
            if (u != null) {
                List<String> pub = new ArrayList<>();
                u.publicV4().ifPresent(a -> pub.add(a.getHostAddress()));
                u.publicV6().ifPresent(a -> pub.add(a.getHostAddress()));
                if (!pub.isEmpty()) {
                    addresses += " (public " + String.join(" ", pub) + ")";
                }
            }
            String probes = s.last().isEmpty() ? "-" : s.last().stream().map(ProbeResult::summary)
                    .collect(Collectors.joining(" "));
            String since = s.since() == null ? "-"
                    : s.since().truncatedTo(ChronoUnit.SECONDS) + " (" + ago(Duration.between(s.since(), now)) + ")";
            String state = s.state();
            if (snap.config().health().forUplink(s.uplink()).probes().isEmpty()) {
                // Without probes there is never a verdict: the uplink simply stays in rotation.
                state = s.drained() ? "drained (no probes)" : "up (no probes)";
            }
            rows.add(new String[] {s.uplink(), state, since, addresses, probes});
        }
        table(out, rows);
        out.append('\n');
        DnsServer server = runtime.server();
        rows = new ArrayList<>();
        rows.add(new String[] {"LISTENER", "VIEW", "STATE"});
        List<InetAddress> listeners = new ArrayList<>(snap.listenerAddresses());
        listeners.sort(java.util.Comparator.comparing(InetAddress::getHostAddress));
        for (InetAddress a : listeners) {
            int port = server.port(a);
            String state = port >= 0 ? "bound, port " + port : server.waiting().contains(a) ? "waiting" : "closed";
            rows.add(new String[] {a.getHostAddress(), snap.viewFor(a, a).name(), state});
        }
        table(out, rows);
        out.append('\n');
        rows = new ArrayList<>();
        rows.add(new String[] {"ZONE", "VIEW", "SERIAL"});
        Config config = snap.config();
        List<String> views = new ArrayList<>();
        config.uplinks().forEach(u -> views.add(u.name()));
        views.add(Config.INTERNAL_VIEW);
        config.views().stream().map(ViewConfig::name).forEach(views::add);
        for (var z : config.zones()) {
            for (String view : views) {
                ZoneData data = snap.zoneSet().forView(view).get(z.name());
                if (data != null) {
                    rows.add(new String[] {z.name().toString(), view, Long.toString(data.serial())});
                }
            }
        }
        table(out, rows);
        out.append("\nconfig ").append(config.source()).append(", snapshot built ")
                .append(snap.built().truncatedTo(ChronoUnit.SECONDS)).append('\n');
        return new Reply(true, out.toString());
    }

    private static String ago(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 120) {
            return s + "s ago";
        }
        if (s < 7200) {
            return s / 60 + "m ago";
        }
        return s / 3600 + "h ago";
    }

    /** Left-aligned columns, two spaces apart. */
    private static void table(StringBuilder out, List<String[]> rows) {
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.length; i++) {
                line.append(r[i]);
                if (i < r.length - 1) {
                    line.append(" ".repeat(width[i] - r[i].length() + 2));
                }
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
    }
}
