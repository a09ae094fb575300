package org.uplinkdns.answer;

/**
 * The reply rate limiting sends instead of a dropped one now and then ("slip"): the response's
 * header and question only, TC set, so a real resolver behind a spoofed flood retries over TCP,
 * which cannot be spoofed. The response's OPT record is kept when it has one (RFC 6891: an EDNS
 * query gets an EDNS reply, and the resolver learns our buffer size before it retries). It is
 * never larger than the query plus an empty OPT record, so it amplifies nothing.
 */
public final class Slip {
    private static final int HEADER = 12;
    private static final int TYPE_OPT = 41;
    /** An RR's fixed part after its owner name: type, class, TTL, RDLENGTH. */
    private static final int RR_FIXED = 10;

    private Slip() {}

    /** The truncated form of the response {@code wire}. */
    public static byte[] of(byte[] wire) {
        int qdcount = u16(wire, 4);
        int end = HEADER;
        if (qdcount == 1) {
            int question = questionEnd(wire);
            if (question < 0) {
                qdcount = 0;
            } else {
                end = question;
            }
        } else {
            qdcount = 0;
        }
        int[] opt = qdcount == 1 ? findOpt(wire, end) : null;
        int optLength = opt == null ? 0 : opt[1] - opt[0];
        byte[] out = new byte[end + optLength];
        System.arraycopy(wire, 0, out, 0, end);
        out[2] |= 0x02; // TC
        out[4] = 0;
        out[5] = (byte) qdcount;
        for (int i = 6; i < HEADER; i++) {
            out[i] = 0;
        }
        if (opt != null) {
            // The OPT record as the full response had it, options included (they are ours and small).
            System.arraycopy(wire, opt[0], out, end, optLength);
            out[11] = 1;
        }
        return out;
    }

    /** Offset just past the first question (uncompressed, as the responder writes it), or -1. */
    private static int questionEnd(byte[] wire) {
        int p = HEADER;
        while (p < wire.length) {
            int len = wire[p] & 0xff;
            if (len == 0) {
                p += 1 + 4;
                return p <= wire.length ? p : -1;
            }
            if ((len & 0xc0) != 0) {
                return -1;
            }
            p += 1 + len;
        }
        return -1;
    }

    /**
     * Start and end of the OPT record in the additional section, walking every record after the
     * question at {@code from}; null when there is none or the message does not parse.
     */
    private static int[] findOpt(byte[] wire, int from) {
        int records = u16(wire, 6) + u16(wire, 8) + u16(wire, 10);
        int additionalFrom = u16(wire, 6) + u16(wire, 8);
        int p = from;
        for (int i = 0; i < records; i++) {
            int start = p;
            p = skipName(wire, p);
            if (p < 0 || p + RR_FIXED > wire.length) {
                return null;
            }
            int type = u16(wire, p);
            int end = p + RR_FIXED + u16(wire, p + 8);
            if (end > wire.length) {
                return null;
            }
            if (type == TYPE_OPT && i >= additionalFrom) {
                return new int[] {start, end};
            }
            p = end;
        }
        return null;
    }

    /** Offset just past a possibly compressed name at {@code p}, or -1. */
    private static int skipName(byte[] wire, int p) {
        while (p < wire.length) {
            int len = wire[p] & 0xff;
            if (len == 0) {
                return p + 1;
            }
            if ((len & 0xc0) == 0xc0) {
                return p + 2 <= wire.length ? p + 2 : -1;
            }
            if ((len & 0xc0) != 0) {
                return -1;
            }
            p += 1 + len;
        }
        return -1;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
