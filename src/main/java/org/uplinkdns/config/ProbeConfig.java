package org.uplinkdns.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.Name;

/**
 * One probe of an uplink. Fields a kind does not use keep their defaults.
 *
 * @param name unique within the uplink; the kind's word unless configured (labels metrics and logs)
 * @param targets where network probes go ({@code icmp}, {@code tcp}, {@code dns}, {@code http})
 * @param quorum targets that must answer for the probe to pass
 * @param count tries per target and round: echoes for {@code icmp}, staggered attempts otherwise
 * @param interval how often the probe runs; at least the uplink's round interval
 * @param timeout how long one run may take, every target and try included
 * @param query the name a {@code dns} probe asks for
 * @param queryType its record type ({@code Type.A} by default)
 * @param path what an {@code http} probe GETs
 * @param host the Host header of an {@code http} probe; empty: the target address
 * @param status the status an {@code http} probe expects
 * @param command the argument vector of an {@code exec} probe
 */
public record ProbeConfig(
        String name,
        Kind kind,
        List<ProbeTarget> targets,
        int quorum,
        int count,
        Duration interval,
        Duration timeout,
        Optional<Name> query,
        int queryType,
        String path,
        Optional<String> host,
        int status,
        List<String> command,
        int line) {

    public ProbeConfig {
        targets = List.copyOf(targets);
        command = List.copyOf(command);
    }

    /** The probe kinds; {@link #word()} is how the config spells them. */
    public enum Kind {
        LINK(false),
        ICMP(true),
        TCP(true),
        DNS(true),
        HTTP(true),
        EXEC(false);

        private final boolean network;

        Kind(boolean network) {
            this.network = network;
        }

        /** Whether the probe sends packets to targets (and so takes targets, quorum and count). */
        public boolean network() {
            return network;
        }

        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
