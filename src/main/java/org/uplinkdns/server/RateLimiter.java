package org.uplinkdns.server;

import java.net.InetAddress;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.uplinkdns.answer.Response;
import org.uplinkdns.answer.ResponseClass;
import org.uplinkdns.config.Prefix;
import org.uplinkdns.config.RrlConfig;
import org.xbill.DNS.Name;

/**
 * Response rate limiting for UDP, after BIND's RRL and Knot's {@code rrl}: a UDP source address
 * can be forged, so a flood of identical answers to one prefix is most likely aimed at a victim
 * through us. Each response is accounted to a bucket keyed by
 * (client prefix, receiving address, response class, qtype, name):
 *
 * <ul>
 *   <li>the client prefix (/24 IPv4, /56 IPv6 by default) so one host cannot escape by rotating
 *       addresses inside its network;
 *   <li>the receiving address, so each uplink has its own accounting;
 *   <li>the name is the query name for answers and NODATA, the wildcard owner for wildcard
 *       answers, the zone for NXDOMAIN and the cut for referrals, so random names under one zone
 *       share a budget; errors are keyed by the prefix alone.
 * </ul>
 *
 * A busy resolver asking for many different names uses many buckets and is not slowed down; only
 * the same response repeated faster than the rate is.
 *
 * <p>A bucket is a token bucket: it refills at the configured rate up to one second's worth, each
 * response (sent or not) takes one token, and a flood may run up a debt of {@code window} seconds,
 * so the limit holds until the flood has been quiet for that long. Of the responses withheld, every
 * {@code slip}-th goes out as an empty TC=1 reply so a real resolver retries over TCP.
 *
 * <p>The table has a fixed number of slots, split into independently locked segments; a new key
 * takes an empty or expired slot among a few probed ones, else the one touched longest ago. Memory
 * is therefore fixed however many (forged) sources send. Keys are hashed with a per-process random
 * seed so nobody can aim collisions at a victim's bucket.
 */
final class RateLimiter {
    /** What to do with one response. */
    enum Verdict {
        SEND,
        DROP,
        SLIP
    }

    private static final int SEGMENTS = 16;
    private static final int PROBES = 8;
    private static final long SECOND = 1_000_000_000L;

    private final LongSupplier nanoClock;
    private final long seed = ThreadLocalRandom.current().nextLong() | 1;
    private volatile RrlConfig config;
    private volatile Segment[] segments;

    RateLimiter(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /**
     * Accounts {@code response}, to be sent to {@code client} from {@code local}, under {@code rrl}
     * (the current snapshot's settings; a change of table size starts a fresh table).
     */
    Verdict check(RrlConfig rrl, InetAddress local, InetAddress client, Response response) {
        if (!rrl.enabled() || response.kind() == null || response.kind() == ResponseClass.TRANSFER) {
            return Verdict.SEND;
        }
        Segment[] table = tableFor(rrl);
        for (Prefix p : rrl.exempt()) {
            if (p.contains(client)) {
                return Verdict.SEND;
            }
        }
        boolean error = response.kind() == ResponseClass.ERROR || response.kind() == ResponseClass.NXDOMAIN;
        int rate = error ? rrl.errorsPerSecond() : rrl.responsesPerSecond();
        long key = key(rrl, local, client, response);
        Segment s = table[(int) (key >>> 60) & (SEGMENTS - 1)];
        return s.account(key, nanoClock.getAsLong(), rate, rrl.window().toNanos(), rrl.slip());
    }

    /** Slots in use; for tests and status. */
    int occupied() {
        Segment[] table = segments;
        int n = 0;
        if (table != null) {
            for (Segment s : table) {
                n += s.occupied();
            }
        }
        return n;
    }

    private Segment[] tableFor(RrlConfig rrl) {
        Segment[] table = segments;
        if (rrl == config && table != null) {
            return table;
        }
        synchronized (this) {
            if (segments == null || config == null || config.tableSize() != rrl.tableSize()) {
                int perSegment = Math.max(PROBES, Integer.highestOneBit(Math.max(1, rrl.tableSize() / SEGMENTS)));
                Segment[] fresh = new Segment[SEGMENTS];
                for (int i = 0; i < SEGMENTS; i++) {
                    fresh[i] = new Segment(perSegment);
                }
                segments = fresh;
            }
            config = rrl;
            return segments;
        }
    }

    private long key(RrlConfig rrl, InetAddress local, InetAddress client, Response r) {
        long h = seed;
        byte[] a = client.getAddress();
        int bits = a.length == 4 ? rrl.ipv4PrefixLength() : rrl.ipv6PrefixLength();
        for (int i = 0; i < a.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            h = mix(h, a[i] & (0xff00 >> keep) & 0xff);
        }
        h = mix(h, a.length);
        for (byte b : local.getAddress()) {
            h = mix(h, b);
        }
        h = mix(h, r.kind().ordinal());
        if (r.kind() != ResponseClass.ERROR) {
            h = mix(h, r.qtype() & 0xffff);
            Name name = r.rrlName();
            if (name != null) {
                for (byte b : name.toWireCanonical()) {
                    h = mix(h, b);
                }
            }
        }
        h = finish(h);
        return h == 0 ? 1 : h; // 0 marks an empty slot
    }

    private static long mix(long h, int b) {
        h ^= b & 0xff;
        return h * 0x100000001b3L;
    }

    private static long finish(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** One locked part of the table; balances are kept in thousandths of a response. */
    private static final class Segment {
        private final long[] keys;
        private final long[] touched;
        private final long[] milliTokens;
        private final int[] limited;
        private final int mask;

        Segment(int size) {
            keys = new long[size];
            touched = new long[size];
            milliTokens = new long[size];
            limited = new int[size];
            mask = size - 1;
        }

        synchronized Verdict account(long key, long now, int rate, long windowNanos, int slip) {
            int slot = find(key, now, windowNanos);
            long full = rate * 1000L;
            if (keys[slot] != key) {
                keys[slot] = key;
                milliTokens[slot] = full;
                limited[slot] = 0;
            } else {
                long elapsed = Math.max(0, now - touched[slot]);
                // Past window + 1 s even the deepest debt is paid back (and the product cannot overflow).
                milliTokens[slot] = elapsed > windowNanos + SECOND ? full
                        : Math.min(full, milliTokens[slot] + elapsed * rate / 1_000_000L);
            }
            touched[slot] = now;
            long floor = -full * Math.max(1, windowNanos / SECOND);
            milliTokens[slot] = Math.max(floor, milliTokens[slot] - 1000);
            if (milliTokens[slot] >= 0) {
                limited[slot] = 0;
                return Verdict.SEND;
            }
            int n = ++limited[slot];
            if (slip > 0 && n % slip == 0) {
                limited[slot] = 0;
                return Verdict.SLIP;
            }
            return Verdict.DROP;
        }

        /** The slot holding {@code key}, else an empty or expired one, else the one touched longest ago. */
        private int find(long key, long now, long windowNanos) {
            int start = (int) key & mask;
            int free = -1;
            int oldest = start;
            for (int i = 0; i < PROBES; i++) {
                int slot = (start + i) & mask;
                if (keys[slot] == key) {
                    return slot;
                }
                if (free < 0 && (keys[slot] == 0 || now - touched[slot] > windowNanos)) {
                    free = slot;
                }
                if (now - touched[slot] > now - touched[oldest]) {
                    oldest = slot;
                }
            }
            return free >= 0 ? free : oldest;
        }

        synchronized int occupied() {
            int n = 0;
            for (long k : keys) {
                if (k != 0) {
                    n++;
                }
            }
            return n;
        }
    }
}
