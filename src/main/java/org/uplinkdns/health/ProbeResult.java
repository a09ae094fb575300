package org.uplinkdns.health;

/**
 * What one run of one probe found.
 *
 * @param probe the probe's configured name
 * @param detail what a log line shows: per target, what answered and what did not
 * @param nanos how long the run took
 */
public record ProbeResult(String probe, boolean ok, String detail, long nanos) {

    static ProbeResult fail(String probe, String detail, long nanos) {
        return new ProbeResult(probe, false, detail, nanos);
    }

    /** {@code icmp=ok(192.0.2.1 3/3)}: the form log lines use. */
    public String summary() {
        return probe + "=" + (ok ? "ok" : "fail") + (detail.isEmpty() ? "" : "(" + detail + ")");
    }
}
