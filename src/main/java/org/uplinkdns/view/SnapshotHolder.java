package org.uplinkdns.view;

import java.util.function.UnaryOperator;

/**
 * The current snapshot. Queries read it with one volatile read and no lock; writers (reload,
 * uplink and health changes) are serialized here so none of their updates is lost.
 */
public final class SnapshotHolder {
    private volatile Snapshot current;

    public SnapshotHolder(Snapshot initial) {
        this.current = initial;
    }

    public Snapshot get() {
        return current;
    }

    /** Replaces the snapshot with {@code change} applied to the current one; returns the new one. */
    public synchronized Snapshot update(UnaryOperator<Snapshot> change) {
        Snapshot next = change.apply(current);
        current = next;
        return next;
    }
}
