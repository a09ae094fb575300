package org.uplinkdns.testsupport;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.uplinkdns.metrics.ServerRecorder;

/** A recorder that counts what it is told, for tests to assert on. */
public final class CountingRecorder implements ServerRecorder {
    public final AtomicLong answered = new AtomicLong();
    public final AtomicLong rateDropped = new AtomicLong();
    public final AtomicLong rateSlipped = new AtomicLong();
    public final AtomicLong tcpOpened = new AtomicLong();
    public final AtomicLong tcpClosed = new AtomicLong();
    public final Map<String, AtomicLong> tcpLimited = new ConcurrentHashMap<>();
    public final Map<String, AtomicLong> dropped = new ConcurrentHashMap<>();

    @Override
    public void answered(String view, boolean tcp, int qtype, int rcode, boolean truncated, long nanos) {
        answered.incrementAndGet();
    }

    @Override
    public void dropped(String reason, boolean tcp) {
        dropped.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
    }

    @Override
    public void tcpOpened() {
        tcpOpened.incrementAndGet();
    }

    @Override
    public void tcpClosed() {
        tcpClosed.incrementAndGet();
    }

    @Override
    public void listeners(int bound) {}

    @Override
    public void rateLimited(boolean slipped) {
        (slipped ? rateSlipped : rateDropped).incrementAndGet();
    }

    @Override
    public void tcpLimited(String reason) {
        tcpLimited.computeIfAbsent(reason, k -> new AtomicLong()).incrementAndGet();
    }

    public long limited(String reason) {
        AtomicLong n = tcpLimited.get(reason);
        return n == null ? 0 : n.get();
    }
}
