package org.uplinkdns.config;

import java.nio.file.Path;

/** The local control socket ({@code uplinkdns status}, {@code reload}, {@code uplink drain}). */
public record ControlConfig(boolean enabled, Path socket) {
    public static final ControlConfig DEFAULTS = new ControlConfig(true, Path.of("/run/uplinkdns/control.sock"));
}
