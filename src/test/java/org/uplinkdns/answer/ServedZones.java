package org.uplinkdns.answer;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.view.ServedData;
import org.uplinkdns.view.Snapshot;
import org.uplinkdns.view.SnapshotBuilder;

/**
 * A config file and its zone files written to a directory, loaded the way {@code serve} loads
 * them, and a responder to ask: the answer layer exactly as the server runs it, without sockets.
 */
final class ServedZones {
    private final Snapshot snapshot;
    private final Responder responder = new Responder();

    private ServedZones(Snapshot snapshot) {
        this.snapshot = snapshot;
    }

    /**
     * Writes {@code config} as {@code uplinkdns.yaml} and each (file name, text) pair of
     * {@code files} beside it, then loads and builds the snapshot.
     */
    static ServedZones load(Path dir, String config, String... files) {
        try {
            for (int i = 0; i < files.length; i += 2) {
                Files.writeString(dir.resolve(files[i]), files[i + 1]);
            }
            Path configFile = dir.resolve("uplinkdns.yaml");
            Files.writeString(configFile, config);
            ServedData data = ServedData.load(configFile);
            return new ServedZones(SnapshotBuilder.build(data.config(), data.zones(),
                    UplinkTable.fromConfig(data.config())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (ConfigException e) {
            throw new AssertionError("fixture does not load:\n" + e.getMessage(), e);
        }
    }

    /** The response to {@code query}, which must not be dropped. */
    Reply ask(Query query) {
        Response r = raw(query.wire(), query.local(), query.transport());
        assertNotNull(r.wire(), "the query was dropped: " + r.drop());
        return Reply.of(r);
    }

    /** The response to raw bytes, possibly dropped. */
    Response raw(byte[] wire, String local, Transport transport) {
        return responder.respond(snapshot, wire, address(local), address("192.0.2.200"), transport);
    }

    static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }
}
