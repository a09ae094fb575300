package org.uplinkdns.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uplinkdns.answer.Responder;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.config.ConfigProblem;
import org.uplinkdns.metrics.ServerRecorder;
import org.uplinkdns.server.DnsServer;
import org.uplinkdns.server.ListenFailure;
import org.uplinkdns.uplink.Uplink;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.view.ServedData;
import org.uplinkdns.view.Snapshot;
import org.uplinkdns.view.SnapshotBuilder;
import org.uplinkdns.view.SnapshotHolder;

/**
 * A running server: the snapshot, the listeners, and the reload that replaces both. A reload
 * loads and checks everything first and swaps only when all of it is good.
 */
final class ServerRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ServerRuntime.class);

    private final Path configFile;
    private final SnapshotHolder snapshots;
    private final DnsServer server;

    private ServerRuntime(Path configFile, SnapshotHolder snapshots, DnsServer server) {
        this.configFile = configFile;
        this.snapshots = snapshots;
        this.server = server;
    }

    /** Loads {@code configFile}, opens every listener and starts answering. */
    static ServerRuntime start(Path configFile, int threads) throws ConfigException, ListenFailure {
        ServedData data = ServedData.load(configFile);
        for (ConfigProblem w : ValidateCommand.addressWarnings(data.config())) {
            log.warn("event=config_warning where={}:{} message=\"{}\"", w.file(), w.line(), w.message());
        }
        Snapshot first = SnapshotBuilder.build(data.config(), data.zones(), UplinkTable.fromConfig(data.config()));
        SnapshotHolder holder = new SnapshotHolder(first);
        DnsServer server = new DnsServer(
                new DnsServer.Options(data.config().port(), data.config().tcp().idleTimeout(), threads),
                holder, new Responder(), ServerRecorder.NONE);
        try {
            server.start(first.listenerAddresses());
        } catch (ListenFailure e) {
            server.close();
            throw e;
        }
        return new ServerRuntime(configFile, holder, server);
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
        Snapshot next = snapshots.update(previous -> SnapshotBuilder.build(data.config(), data.zones(),
                carryHealth(previous.uplinks(), UplinkTable.fromConfig(data.config()))));
        server.reconcile(next.listenerAddresses());
        log.info("event=reloaded zones={} uplinks={} listeners={}", data.config().zones().size(),
                data.config().uplinks().size(), server.bound().size());
        return List.of();
    }

    /** Keeps the health of uplinks that survive a reload, so a reload does not reset failover. */
    private static UplinkTable carryHealth(UplinkTable previous, UplinkTable fresh) {
        List<Uplink> result = new ArrayList<>();
        for (Uplink u : fresh.uplinks()) {
            result.add(previous.byName(u.name()).map(p -> u.withHealth(p.health())).orElse(u));
        }
        return new UplinkTable(result);
    }

    SnapshotHolder snapshots() {
        return snapshots;
    }

    DnsServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
