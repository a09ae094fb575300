package org.uplinkdns.config;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole validated configuration. Immutable; a reload reads a new one.
 *
 * @param source the file it was read from
 * @param port UDP and TCP port of every listener; 0 takes an ephemeral port per address (tests)
 * @param uplinks the Internet links, in configured order (that order numbers them 1, 2, ...)
 * @param listen extra non-uplink listener addresses (LAN, loopback); they see the {@code internal} view
 * @param zones served zones
 * @param selfRecords names answered with the receiving uplink's address
 * @param mail mail redundancy (gateway hosts, MX, SPF), when configured
 * @param health probes and thresholds per uplink, and the answer policy for uplinks out of rotation
 * @param control the local control socket
 * @param metrics the read-only HTTP endpoint for metrics and readiness
 * @param queryLog one log line per answered query ({@code log.queries}, off by default)
 * @param views client-prefix views, tried in order before the listener's own view
 * @param tcp TCP connection limits
 * @param rrl response rate limiting on UDP
 * @param transfer who may transfer zones
 * @param chaos the CHAOS-class identity answers (off unless configured)
 */
public record Config(
        Path source,
        int port,
        List<UplinkConfig> uplinks,
        List<InetAddress> listen,
        List<ZoneConfig> zones,
        List<SelfRecordConfig> selfRecords,
        TcpConfig tcp,
        Optional<MailConfig> mail,
        HealthConfig health,
        ControlConfig control,
        List<ViewConfig> views,
        MetricsConfig metrics,
        boolean queryLog,
        RrlConfig rrl,
        TransferConfig transfer,
        ChaosConfig chaos) {

    /**
     * A config without mail records, health checks or client-prefix views, with the default control
     * socket and the default protections (rate limiting on, no transfers, no CHAOS answers).
     */
    public Config(Path source, int port, List<UplinkConfig> uplinks, List<InetAddress> listen, List<ZoneConfig> zones,
            List<SelfRecordConfig> selfRecords, TcpConfig tcp) {
        this(source, port, uplinks, listen, zones, selfRecords, tcp, Optional.empty(), HealthConfig.NONE,
                ControlConfig.DEFAULTS, List.of(), MetricsConfig.DEFAULTS, false, RrlConfig.DEFAULTS,
                TransferConfig.NOBODY, ChaosConfig.OFF);
    }

    /** Name of the view that queries arriving on a non-uplink listener see. */
    public static final String INTERNAL_VIEW = "internal";

    public Optional<UplinkConfig> uplink(String name) {
        return uplinks.stream().filter(u -> u.name().equals(name)).findFirst();
    }
}
