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
import org.uplinkdns.metrics.HealthRecorder;
import org.uplinkdns.metrics.ServerRecorder;
import org.uplinkdns.server.DnsServer;
import org.uplinkdns.server.ListenFailure;
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
    private final Object listenerLock = new Object();

    private ServerRuntime(Path configFile, SnapshotHolder snapshots, DnsServer server, HealthMonitor health,
            AddressTracker tracker) {
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
        AddressTracker tracker = trackers.apply(data.config().uplinks());
        tracker.refresh();
        // The monitor exists before the first snapshot so that snapshot already carries its
        // verdicts (all up with fail-open, the default; down for uplinks with fail-open: false).
        AtomicReference<SnapshotHolder> snapshots = new AtomicReference<>();
        HealthMonitor health = new HealthMonitor(data.config(), () -> snapshots.get().get().uplinks(),
                change -> snapshots.get().update(
                        previous -> SnapshotBuilder.withUplinks(previous, change.apply(previous.uplinks()))),
                HealthRecorder.NONE);
        Snapshot first = SnapshotBuilder.build(data.config(), data.zones(), health.applyTo(tracker.table()));
        SnapshotHolder holder = new SnapshotHolder(first);
        snapshots.set(holder);
        DnsServer server = new DnsServer(
                new DnsServer.Options(data.config().port(), data.config().tcp().idleTimeout(), threads),
                holder, new Responder(), ServerRecorder.NONE);
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
        ServerRuntime runtime = new ServerRuntime(configFile, holder, server, health, tracker);
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
            return e.problems();
        }
        // Uplinks that stay keep their health state and drain; the probes follow the new config.
        health.reconfigure(data.config());
        // The tracker learns the new uplink list inside the update, so an address change published
        // meanwhile can never pair the new uplinks with the old config or the reverse.
        snapshots.update(previous -> SnapshotBuilder.build(data.config(), data.zones(),
                health.applyTo(tracker.reconfigure(data.config().uplinks()))));
        reconcileListeners();
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
