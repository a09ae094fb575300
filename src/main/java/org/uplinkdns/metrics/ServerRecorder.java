package org.uplinkdns.metrics;

/**
 * What the server reports per query and per connection. Implementations must be cheap and
 * thread-safe: they run on the event loop for every packet.
 */
public interface ServerRecorder {
    /** A response was sent. {@code qtype} is -1 when the query had no readable question. */
    void answered(String view, boolean tcp, int qtype, int rcode, boolean truncated, long nanos);

    /** A packet was dropped unanswered; {@code reason} is one of a small fixed set of words. */
    void dropped(String reason, boolean tcp);

    void tcpOpened();

    void tcpClosed();

    /** Listener sockets currently bound, by address family. */
    void listeners(int bound);

    /**
     * Response rate limiting withheld a UDP response: {@code slipped} when a truncated (TC=1) reply
     * went out instead, false when nothing did.
     */
    default void rateLimited(boolean slipped) {}

    /**
     * A TCP connection was closed by a limit; {@code reason} is one of {@code max_connections},
     * {@code max_per_client}, {@code read_timeout}, {@code max_queries}.
     */
    default void tcpLimited(String reason) {}

    ServerRecorder NONE = new ServerRecorder() {
        @Override
        public void answered(String view, boolean tcp, int qtype, int rcode, boolean truncated, long nanos) {}

        @Override
        public void dropped(String reason, boolean tcp) {}

        @Override
        public void tcpOpened() {}

        @Override
        public void tcpClosed() {}

        @Override
        public void listeners(int bound) {}
    };
}
