package org.uplinkdns.uplink;

/** Whether an uplink may be handed out in answers that list several uplinks. */
public enum Health {
    /** Probes pass, or no verdict yet (fail open). */
    UP,
    /** Probes fail past the fall threshold. */
    DOWN,
    /** Taken out of rotation by an operator. */
    DRAINED;

    public boolean inRotation() {
        return this == UP;
    }
}
