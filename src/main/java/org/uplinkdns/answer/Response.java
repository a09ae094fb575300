package org.uplinkdns.answer;

/**
 * The outcome of one query.
 *
 * @param wire the response to send, or null when the packet is dropped unanswered
 * @param rcode the response code sent (extended codes included), or -1 when dropped
 * @param qtype the question type, or -1 when there was no readable question
 * @param truncated TC was set because the answer did not fit
 * @param view the view that answered, or null when none was chosen
 * @param drop why the packet was dropped, when it was
 */
public record Response(byte[] wire, int rcode, int qtype, boolean truncated, String view, Drop drop) {

    /** Why a packet gets no response at all. */
    public enum Drop {
        /** Shorter than a DNS header. */
        SHORT,
        /** QR set: a response, never answered (no reflection loops). */
        RESPONSE
    }

    static Response dropped(Drop why) {
        return new Response(null, -1, -1, false, null, why);
    }

    public boolean isDropped() {
        return wire == null;
    }
}
