package org.uplinkdns.delegation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.uplinkdns.config.Addresses;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.view.ServedData;

/** Writes a config and its zone files into a directory and loads them. */
final class Fixtures {
    private Fixtures() {}

    static ServedData load(Path dir, String name, String yaml, Map<String, String> zoneFiles) throws ConfigException {
        try {
            for (Map.Entry<String, String> z : zoneFiles.entrySet()) {
                Files.writeString(dir.resolve(z.getKey()), z.getValue());
            }
            Path config = dir.resolve(name);
            Files.writeString(config, yaml);
            return ServedData.load(config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static InetAddress ip(String literal) {
        return Addresses.parseLiteral(literal).orElseThrow();
    }

    /** A gateway that serves www.example.net (a self name) and derives the mail records of example.net. */
    static final String GATEWAY = """
            port: 53
            uplinks:
              - name: isp1
                address: 192.0.2.2
                public: 198.51.100.10
              - name: isp2
                address: 192.0.2.3
                public: [203.0.113.10, "2001:db8::10"]
            zones:
              - name: www.example.net
                file: www.example.net.zone
            self:
              - name: www.example.net
                types: [A]
            mail:
              domain: example.net
              extra-mx:
                - target: backup-mx.provider.example
                  preference: 90
              spf:
                mechanisms: [include:_spf.provider.example]
            """;

    static final String WWW_ZONE = """
            $ORIGIN www.example.net.
            $TTL 86400
            @ IN SOA www-ns1.example.net. hostmaster.example.net. 2026112301 3600 600 86400 60
              IN NS www-ns2.example.net.
              IN NS www-ns1.example.net.
            """;
}
