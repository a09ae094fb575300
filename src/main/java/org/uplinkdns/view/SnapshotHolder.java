package org.uplinkdns.view;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The current snapshot. Queries read it with one volatile read and no lock; writers (reload,
 * uplink and health changes) are serialized here so none of their updates is lost.
 */
public final class SnapshotHolder {
    private volatile Snapshot current;
    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();

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
        listeners.forEach(l -> l.accept(next));
        return next;
    }

    /**
     * Calls {@code listener} with the current snapshot now and with every later one, in order,
     * on the writer's thread (so it must be quick: metrics, not I/O).
     */
    public synchronized void onChange(Consumer<Snapshot> listener) {
        listeners.add(listener);
        listener.accept(current);
    }
}
