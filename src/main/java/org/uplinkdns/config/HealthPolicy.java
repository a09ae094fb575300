package org.uplinkdns.config;

import java.util.OptionalLong;

/**
 * What answers do while an uplink is out of rotation (down or drained).
 *
 * @param replaceSelfOnDead a self answer on an out-of-rotation uplink's address names the uplinks in
 *     rotation instead ({@code self-on-dead: replace}, the default) rather than the uplink's own address
 *     ({@code keep})
 * @param degradedTtl TTL of self answers that health changed; empty keeps the self record's own TTL.
 *     It only ever shortens a TTL.
 */
public record HealthPolicy(boolean replaceSelfOnDead, OptionalLong degradedTtl) {
    public static final HealthPolicy DEFAULTS = new HealthPolicy(true, OptionalLong.empty());

    /** The TTL a degraded answer of a record with {@code ttl} gets. */
    public long degradedTtl(long ttl) {
        return degradedTtl.isPresent() ? Math.min(ttl, degradedTtl.getAsLong()) : ttl;
    }
}
