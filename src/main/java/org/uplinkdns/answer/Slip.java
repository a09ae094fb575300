package org.uplinkdns.answer;

/**
 * The reply rate limiting sends instead of a dropped one now and then ("slip"): the response's
 * header and question only, TC set, so a real resolver behind a spoofed flood retries over TCP,
 * which cannot be spoofed. It is never larger than the query, so it amplifies nothing.
 */
public final class Slip {
    private static final int HEADER = 12;

    private Slip() {}

    /** The truncated form of the response {@code wire}. */
    public static byte[] of(byte[] wire) {
        int qdcount = ((wire[4] & 0xff) << 8) | (wire[5] & 0xff);
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
        byte[] out = new byte[end];
        System.arraycopy(wire, 0, out, 0, end);
        out[2] |= 0x02; // TC
        out[4] = 0;
        out[5] = (byte) qdcount;
        for (int i = 6; i < HEADER; i++) {
            out[i] = 0;
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
}
