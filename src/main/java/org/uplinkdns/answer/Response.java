package org.uplinkdns.answer;

import java.util.List;
import org.xbill.DNS.Name;

/**
 * The outcome of one query.
 *
 * @param wire the response to send, or null when the packet is dropped unanswered
 * @param rcode the response code sent (extended codes included), or -1 when dropped
 * @param qtype the question type, or -1 when there was no readable question
 * @param truncated TC was set because the answer did not fit
 * @param view the view that answered, or null when none was chosen
 * @param drop why the packet was dropped, when it was
 * @param kind what kind of response this is, for rate limiting (null when dropped)
 * @param rrlName the name rate limiting accounts this response to: the query name, the wildcard
 *     owner for a wildcard answer, the zone for NXDOMAIN, the cut for a referral; null for errors
 * @param more further messages that follow {@code wire} on the same TCP connection (a zone
 *     transfer); empty otherwise
 */
public record Response(byte[] wire, int rcode, int qtype, boolean truncated, String view, Drop drop,
        ResponseClass kind, Name rrlName, List<byte[]> more) {

    /** Why a packet gets no response at all. */
    public enum Drop {
        /** Shorter than a DNS header. */
        SHORT,
        /** QR set: a response, never answered (no reflection loops). */
        RESPONSE
    }

    public Response {
        more = more == null ? List.of() : List.copyOf(more);
    }

    /** A single message accounted as an error (or a drop), with no rate-limiting name. */
    public Response(byte[] wire, int rcode, int qtype, boolean truncated, String view, Drop drop) {
        this(wire, rcode, qtype, truncated, view, drop, wire == null ? null : ResponseClass.ERROR, null, List.of());
    }

    static Response dropped(Drop why) {
        return new Response(null, -1, -1, false, null, why);
    }

    public boolean isDropped() {
        return wire == null;
    }
}
