package org.uplinkdns.view;

import java.nio.file.Path;
import org.uplinkdns.config.Config;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.config.ConfigLoader;
import org.uplinkdns.zone.ZoneSet;

/**
 * A config file with all its zone files loaded and cross-checked: what {@code validate} checks
 * and what {@code serve} and a reload swap in. Nothing is used until all of it has loaded.
 */
public record ServedData(Config config, ZoneSet zones) {

    public static ServedData load(Path configFile) throws ConfigException {
        Config config = new ConfigLoader().load(configFile);
        ZoneSet zones = ZoneSet.load(config.zones());
        SnapshotBuilder.checkSelfRecords(config, zones);
        SnapshotBuilder.checkMail(config, zones);
        return new ServedData(config, zones);
    }
}
