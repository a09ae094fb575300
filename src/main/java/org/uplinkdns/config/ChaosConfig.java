package org.uplinkdns.config;

import java.util.Optional;

/**
 * Answers to the CHAOS-class TXT queries {@code version.bind} (and {@code version.server}) and
 * {@code hostname.bind} (and {@code id.server}). Both are off unless configured: they tell an
 * attacker what to aim at.
 */
public record ChaosConfig(Optional<String> version, Optional<String> hostname) {
    public static final ChaosConfig OFF = new ChaosConfig(Optional.empty(), Optional.empty());
}
