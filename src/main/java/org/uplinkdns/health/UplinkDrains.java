package org.uplinkdns.health;

/**
 * Manual maintenance switch for uplinks, for the control socket ({@code uplinkdns uplink drain isp1}).
 * A drained uplink leaves every answer that lists several uplinks, exactly as a dead one does, while
 * its probes keep running so that undraining returns it straight to its true state. Drains survive a
 * config reload (as long as the uplink is still configured); a restart forgets them.
 */
public interface UplinkDrains {
    /** Takes {@code uplink} out of rotation; false when no uplink has that name. Draining twice is harmless. */
    boolean drain(String uplink);

    /** Returns {@code uplink} to its probed state; false when no uplink has that name. */
    boolean undrain(String uplink);
}
