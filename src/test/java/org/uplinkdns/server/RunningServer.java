package org.uplinkdns.server;

import java.net.InetAddress;
import java.nio.file.Path;
import org.uplinkdns.answer.Responder;
import org.uplinkdns.testsupport.CountingRecorder;
import org.uplinkdns.testsupport.Served;
import org.uplinkdns.view.Snapshot;
import org.uplinkdns.view.SnapshotHolder;

/** The demo zones served on 127.0.0.1-3 (ephemeral port) with extra config, for socket tests. */
final class RunningServer implements AutoCloseable {
    static final InetAddress ISP1 = ip("127.0.0.2");

    final CountingRecorder recorder = new CountingRecorder();
    final DnsServer server;
    final int port;

    RunningServer(Path dir, String extraConfig) throws ListenFailure {
        this(dir, extraConfig, "");
    }

    /** As above, with {@code extraRecords} added to the example.net zone. */
    RunningServer(Path dir, String extraConfig, String extraRecords) throws ListenFailure {
        Snapshot snapshot = Served.snapshot(Served.demo(dir, extraConfig, extraRecords));
        server = new DnsServer(new DnsServer.Options(0, snapshot.config().tcp().idleTimeout(), 1),
                new SnapshotHolder(snapshot), new Responder(), recorder);
        server.start(snapshot.listenerAddresses());
        port = server.port(ISP1);
    }

    static InetAddress ip(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
