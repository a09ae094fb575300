package org.uplinkdns.health;

import org.uplinkdns.config.ProbeConfig;

/**
 * Runs one probe. Must return by {@code deadlineNanos} ({@link System#nanoTime()} scale) or soon
 * after; the monitor stops waiting shortly after the deadline in any case and counts a late probe
 * as failed. Called from worker threads, never from a network event loop.
 */
@FunctionalInterface
public interface Prober {
    ProbeResult probe(ProbeConfig probe, ProbeContext uplink, long deadlineNanos);
}
