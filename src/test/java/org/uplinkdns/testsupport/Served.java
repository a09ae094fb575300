package org.uplinkdns.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.view.ServedData;
import org.uplinkdns.view.Snapshot;
import org.uplinkdns.view.SnapshotBuilder;

/** Builds served data for tests from config and zone text written to a directory. */
public final class Served {
    /** The demo's zones: www.example.net (self records) delegated from example.net. */
    public static final String EXAMPLE_NET = """
            $ORIGIN example.net.
            $TTL 3600
            @   IN SOA www-ns1.example.net. hostmaster.example.net. 1 28800 7200 864000 300
                IN NS  www-ns1.example.net.
                IN NS  www-ns2.example.net.
                IN MX  10 mail-gw-1.example.net.
                IN MX  20 mail-gw-2.example.net.
            www       IN NS  www-ns1.example.net.
            www       IN NS  www-ns2.example.net.
            www-ns1   IN A   198.51.100.10
            www-ns2   IN A   203.0.113.10
            mail-gw-1 IN A   198.51.100.10
            mail-gw-2 IN A   203.0.113.10
            *.wild    IN A   192.0.2.7
            """;

    public static final String WWW_EXAMPLE_NET = """
            $ORIGIN www.example.net.
            $TTL 86400
            @   IN SOA www-ns1.example.net. hostmaster.example.net. 1 28800 7200 864000 60
                IN NS  www-ns1.example.net.
                IN NS  www-ns2.example.net.
            """;

    private Served() {}

    /**
     * A config for two uplinks (127.0.0.2 and 127.0.0.3) and a LAN listener (127.0.0.1) on an
     * ephemeral port, serving the two zones above, with {@code extra} YAML appended.
     */
    public static Path demo(Path dir, String extra) {
        return demo(dir, extra, "");
    }

    /** As {@link #demo(Path, String)}, with {@code extraRecords} appended to the example.net zone. */
    public static Path demo(Path dir, String extra, String extraRecords) {
        return write(dir, """
                port: 0
                uplinks:
                  - name: isp1
                    address: 127.0.0.2
                    public: 198.51.100.10
                  - name: isp2
                    address: 127.0.0.3
                    public: 203.0.113.10
                listen: [127.0.0.1]
                zones:
                  - name: www.example.net
                    file: www.zone
                  - name: example.net
                    file: example.zone
                self:
                  - name: www.example.net
                    types: [A, AAAA]
                    ttl: 10
                """ + extra, Map.of("www.zone", WWW_EXAMPLE_NET, "example.zone", EXAMPLE_NET + extraRecords));
    }

    /** Writes {@code config.yaml} and the given files into {@code dir}; returns the config path. */
    public static Path write(Path dir, String config, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> f : files.entrySet()) {
                Files.writeString(dir.resolve(f.getKey()), f.getValue());
            }
            Path c = dir.resolve("config.yaml");
            Files.writeString(c, config);
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The snapshot a fresh server would build from {@code config}, every uplink up. */
    public static Snapshot snapshot(Path config) {
        try {
            ServedData data = ServedData.load(config);
            return SnapshotBuilder.build(data.config(), data.zones(), UplinkTable.fromConfig(data.config()));
        } catch (ConfigException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
