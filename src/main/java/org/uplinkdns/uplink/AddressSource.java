package org.uplinkdns.uplink;

import java.io.IOException;
import java.util.List;

/**
 * Where the host's addresses come from: iproute2 and its netlink events
 * ({@link IpCommandSource}), or a poll of {@code java.net.NetworkInterface}
 * ({@link InterfacePollSource}), or a fake in tests.
 */
public interface AddressSource extends AutoCloseable {

    /** Every address on the host now. Throws when they cannot be read; the caller keeps what it had. */
    List<HostAddress> read() throws IOException;

    /**
     * Starts calling {@code onEvent} whenever the host's addresses may have changed (from another
     * thread, possibly in bursts). Returns false when this source cannot notice changes by itself
     * and must be polled.
     */
    boolean watch(Runnable onEvent);

    /** How often {@link #read} should run even without events (netlink can drop messages under load). */
    java.time.Duration rereadInterval();

    /** What this source is, for the log. */
    String describe();

    /** Stops watching: ends threads and processes it started. */
    @Override
    void close();
}
