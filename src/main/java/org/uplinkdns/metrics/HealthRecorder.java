package org.uplinkdns.metrics;

/**
 * What the health checker reports. Uplink and probe names come from the config, so label sets
 * stay bounded. Implementations must be thread-safe.
 */
public interface HealthRecorder {
    /** One probe of {@code uplink} finished; {@code probe} is its configured name (e.g. {@code icmp}). */
    void probe(String uplink, String probe, boolean ok, long nanos);

    /** {@code uplink} changed state; states are the lower-case names of {@code uplink.Health}. */
    void transition(String uplink, String from, String to);

    HealthRecorder NONE = new HealthRecorder() {
        @Override
        public void probe(String uplink, String probe, boolean ok, long nanos) {}

        @Override
        public void transition(String uplink, String from, String to) {}
    };
}
