package org.uplinkdns.answer;

import org.xbill.DNS.DClass;
import org.xbill.DNS.Type;

/**
 * A query in the one shape the answer cache serves: a plain QUERY with one question of class
 * IN, no answer or authority records, and at most an OPT record of EDNS version 0 carrying no
 * option but a well-formed cookie. Everything else (and everything malformed) goes to the
 * general path, which alone decides errors.
 *
 * <p>Read straight from the wire without allocating anything but this record: the name is
 * compared to cached names in place, case-insensitively.
 *
 * @param nameEnd offset just past the question name (which starts at offset 12)
 * @param qtype the question type
 * @param variant what besides the question shapes the response: see {@link #variant}
 * @param hash hash of the lower-cased name, type and variant
 */
record CachedQuestion(int nameEnd, int qtype, int variant, int hash) {
    static final int NAME_START = 12;
    private static final int OPT_FIXED = 11;
    private static final int COOKIE = 10;

    /** Size classes: how large the response may be. */
    static final int UDP_PLAIN = 0;
    static final int UDP_EDNS = 1;
    static final int TCP = 2;

    /**
     * The question of {@code q}, or null when the query is not of the cached shape, or is a UDP
     * query with a buffer size between 512 and our maximum (an uncommon size class, not worth an
     * entry of its own).
     */
    static CachedQuestion of(byte[] q, Transport transport, int maxUdpPayload) {
        int len = q.length;
        if (len < NAME_START + 5) {
            return null;
        }
        // QR=0, opcode QUERY; one question, nothing in answer or authority, at most one additional.
        if ((q[2] & 0xf8) != 0 || u16(q, 4) != 1 || u16(q, 6) != 0 || u16(q, 8) != 0 || u16(q, 10) > 1) {
            return null;
        }
        int pos = NAME_START;
        int hash = 1;
        while (true) {
            int label = q[pos] & 0xff;
            if (label == 0) {
                pos++;
                break;
            }
            if (label > 63 || pos + 1 + label >= len) {
                return null; // compression pointer, extended label type, or runs past the end
            }
            hash = 31 * hash + label;
            for (int i = pos + 1; i <= pos + label; i++) {
                hash = 31 * hash + lower(q[i]);
            }
            pos += 1 + label;
        }
        if (pos - NAME_START > 255 || pos + 4 > len) {
            return null;
        }
        int qtype = u16(q, pos);
        if (u16(q, pos + 2) != DClass.IN || !cacheableType(qtype)) {
            return null;
        }
        int nameEnd = pos;
        pos += 4;
        boolean edns = u16(q, 10) == 1;
        boolean dnssecOk = false;
        int payload = 0;
        if (edns) {
            // The OPT record: root owner, type OPT, payload size, version 0, flags, options.
            if (pos + OPT_FIXED > len || q[pos] != 0 || u16(q, pos + 1) != Type.OPT || q[pos + 6] != 0) {
                return null;
            }
            payload = u16(q, pos + 3);
            dnssecOk = (q[pos + 7] & 0x80) != 0;
            int rdlength = u16(q, pos + 9);
            pos += OPT_FIXED;
            if (pos + rdlength != len || !onlyCookies(q, pos, len)) {
                return null;
            }
        } else if (pos != len) {
            return null;
        }
        int size;
        if (transport == Transport.TCP) {
            size = TCP;
        } else if (!edns) {
            size = UDP_PLAIN;
        } else if (payload >= maxUdpPayload) {
            size = UDP_EDNS;
        } else {
            return null;
        }
        int variant = variant(edns, dnssecOk, size);
        hash = 31 * (31 * hash + qtype) + variant;
        return new CachedQuestion(nameEnd, qtype, variant, hash);
    }

    /** EDNS presence, the DO bit and the size class in one number. */
    static int variant(boolean edns, boolean dnssecOk, int size) {
        return (edns ? 4 : 0) | (dnssecOk ? 8 : 0) | size;
    }

    /**
     * Zone transfers, meta types and the obsolete mail types are decided by the general path
     * every time; their answers may come to depend on the client.
     */
    private static boolean cacheableType(int qtype) {
        return qtype != Type.AXFR && qtype != Type.IXFR && qtype != Type.OPT && qtype != Type.TSIG
                && qtype != Type.TKEY && qtype != Type.MAILA && qtype != Type.MAILB;
    }

    /**
     * True when the options are framed exactly and each is a cookie of a length the general
     * path's parser accepts (8, or 16 to 40 bytes: RFC 7873). Resolvers commonly send one.
     */
    private static boolean onlyCookies(byte[] q, int pos, int end) {
        while (pos < end) {
            if (pos + 4 > end) {
                return false;
            }
            int code = u16(q, pos);
            int length = u16(q, pos + 2);
            if (code != COOKIE || !(length == 8 || (length >= 16 && length <= 40)) || pos + 4 + length > end) {
                return false;
            }
            pos += 4 + length;
        }
        return true;
    }

    /** True when {@code name} (lower case, wire form) is this query's name in any letter case. */
    boolean sameName(byte[] q, byte[] name) {
        if (name.length != nameEnd - NAME_START) {
            return false;
        }
        for (int i = 0; i < name.length; i++) {
            if (lower(q[NAME_START + i]) != name[i]) {
                return false;
            }
        }
        return true;
    }

    /** The query's name in lower case, wire form: the cache's copy of it. */
    byte[] lowerName(byte[] q) {
        byte[] name = new byte[nameEnd - NAME_START];
        for (int i = 0; i < name.length; i++) {
            name[i] = lower(q[NAME_START + i]);
        }
        return name;
    }

    /** ASCII lower case; DNS compares names case-insensitively in ASCII only (RFC 4343). */
    private static byte lower(byte b) {
        return b >= 'A' && b <= 'Z' ? (byte) (b + ('a' - 'A')) : b;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
