package org.uplinkdns.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uplinkdns.answer.Responder;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.config.ConfigProblem;
import org.uplinkdns.config.UplinkConfig;
import org.uplinkdns.health.HealthMonitor;
import org.uplinkdns.metrics.Meters;
import org.uplinkdns.metrics.MetricsEndpoint;
import org.uplinkdns.server.DnsServer;
import org.uplinkdns.server.ListenFailure;
import org.uplinkdns.server.QueryLog;
import org.uplinkdns.uplink.AddressTracker;
import org.uplinkdns.view.ServedData;
import org.uplinkdns.view.Snapshot;
import org.uplinkdns.view.SnapshotBuilder;
import org.uplinkdns.view.SnapshotHolder;

/**
 * A running server: the snapshot, the listeners, the uplink address tracker, the health monitor,
 * and the reload that replaces them. A reload loads and checks everything first and swaps only
 * when all of it is good. Address changes, health changes and reloads take the same path: a new
 * snapshot from the current uplink table (addresses from the tracker, health from the monitor),
 * then the listeners reconciled to it, so only changed addresses are closed or bound.
 */
final class ServerRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerRuntime.class);

    private final Path configFile;
    private final SnapshotHolder snapshots;
    private final DnsServer server;
    private final HealthMonitor health;
    private final AddressTracker tracker;
    private final Meters meters;
    private final Object listenerLock = new Object();

    private ServerRuntime(Path configFile, SnapshotHolder snapshots, DnsServer server, HealthMonitor health,
            AddressTracker tracker, Meters meters) {
        this.meters = meters;
        this.configFile = configFile;
        this.snapshots = snapshots;
        this.server = server;
        this.health = health;
        this.tracker = tracker;
    }

    /** Loads {@code configFile}, opens every listener and starts answering. */
    static ServerRuntime start(Path configFile, int threads) throws ConfigException, ListenFailure {
        return start(configFile, threads, AddressTracker::forHost);
    }

    /** As {@link #start(Path, int)}, with the host's addresses read by the tracker {@code trackers} makes. */
    static ServerRuntime start(Path configFile, int threads, Function<List<UplinkConfig>, AddressTracker> trackers)
            throws ConfigException, ListenFailure {
        ServedData data = ServedData.load(configFile);
        for (ConfigProblem w : ValidateCommand.addressWarnings(data.config())) {
            log.warn("event=config_warning where={}:{} message=\"{}\"", w.file(), w.line(), w.message());
        }
        Meters meters = new Meters();
        AddressTracker tracker = trackers.apply(data.config().uplinks());
        tracker.refresh();
        // The monitor exists before the first snapshot so that snapshot already carries its
        // verdicts (all up with fail-open, the default; down for uplinks with fail-open: false).
        AtomicReference<SnapshotHolder> snapshots = new AtomicReference<>();
        HealthMonitor health = new HealthMonitor(data.config(), () -> snapshots.get().get().uplinks(),
                change -> snapshots.get().update(
                        previous -> SnapshotBuilder.withUplinks(previous, change.apply(previous.uplinks()))),
                meters);
        Snapshot first = SnapshotBuilder.build(data.config(), data.zones(), health.applyTo(tracker.table()));
        SnapshotHolder holder = new SnapshotHolder(first);
        snapshots.set(holder);
        DnsServer server = new DnsServer(
                new DnsServer.Options(data.config().port(), data.config().tcp().idleTimeout(), threads,
                        new QueryLog(data.config().queryLog())),
                holder, new Responder(), meters);
        try {
            server.start(first.listenerAddresses());
        } catch (ListenFailure e) {
            health.close();
            tracker.close();
            server.close();
            throw e;
        }
        // Probes start now, each uplink's first round at once; its result sets the uplink's state.
        health.start();
        holder.onChange(snapshot -> meters.state(MetricRows.uplinks(snapshot), MetricRows.zones(snapshot)));
        ServerRuntime runtime = new ServerRuntime(configFile, holder, server, health, tracker, meters);
        tracker.start(table -> runtime.uplinksChanged());
        return runtime;
    }

    /**
     * An uplink's addresses changed (called on the tracker's thread): rebuild the snapshot from
     * the tracker's current table with the monitor's health verdicts, then rebind.
     */
    private void uplinksChanged() {
        snapshots.update(previous -> SnapshotBuilder.withUplinks(previous, health.applyTo(tracker.table())));
        reconcileListeners();
    }

    /**
     * Makes the listeners match the current snapshot. Serialized, and reading the snapshot inside
     * the lock, so of two concurrent changes the later snapshot always has the last word.
     */
    private void reconcileListeners() {
        synchronized (listenerLock) {
            server.reconcile(snapshots.get().listenerAddresses());
        }
    }

    /**
     * Re-reads the config and zone files. On any problem the running data stays and the problems
     * are logged with file and line; returns them (empty on success).
     */
    synchronized List<ConfigProblem> reload() {
        ServedData data;
        try {
            data = ServedData.load(configFile);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                log.error("event=reload_failed where={}:{} message=\"{}\"", p.file(), p.line(), p.message());
            }
            log.error("event=reload_failed problems={} note=\"still serving the previous config and zones\"",
                    e.problems().size());
            meters.reload(false);
            return e.problems();
        }
        // Uplinks that stay keep their health state and drain; the probes follow the new config.
        health.reconfigure(data.config());
        // The tracker learns the new uplink list inside the update, so an address change published
        // meanwhile can never pair the new uplinks with the old config or the reverse.
        snapshots.update(previous -> SnapshotBuilder.build(data.config(), data.zones(),
                health.applyTo(tracker.reconfigure(data.config().uplinks()))));
        reconcileListeners();
        meters.reload(true);
        log.info("event=reloaded zones={} uplinks={} listeners={}", data.config().zones().size(),
                data.config().uplinks().size(), server.bound().size());
        return List.of();
    }

    SnapshotHolder snapshots() {
        return snapshots;
    }

    DnsServer server() {
        return server;
    }

    Meters meters() {
        return meters;
    }

    /**
     * Ready when the zones are loaded (a snapshot exists) and every listener address is bound. An
     * uplink still waiting for an address is listed but does not make the server unready: it may
     * be a PPPoE link that is down, and the other uplinks answer meanwhile.
     */
    MetricsEndpoint.Readiness readiness() {
        Snapshot snap = snapshots.get();
        java.util.Set<java.net.InetAddress> bound = server.bound();
        StringBuilder body = new StringBuilder();
        boolean ready = true;
        for (java.net.InetAddress a : snap.listenerAddresses()) {
            boolean ok = bound.contains(a);
            ready &= ok;
            body.append("listener ").append(a.getHostAddress()).append(ok ? " bound\n" : " NOT bound\n");
        }
        for (org.uplinkdns.uplink.Uplink u : snap.uplinks().uplinks()) {
            if (u.addresses().isEmpty()) {
                body.append("uplink ").append(u.name()).append(" waiting for an address (not counted)\n");
            }
        }
        body.append("zones loaded ").append(snap.config().zones().size()).append('\n');
        return new MetricsEndpoint.Readiness(ready, (ready ? "ready\n" : "not ready\n") + body);
    }

    /** The health monitor: uplink status, and drain/undrain for the control socket. */
    HealthMonitor health() {
        return health;
    }

    @Override
    public void close() {
        health.close();
        tracker.close();
        server.close();
    }
}
