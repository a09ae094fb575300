package org.uplinkdns.answer;

import java.util.List;
import org.uplinkdns.view.Snapshot;
import org.uplinkdns.view.View;
import org.xbill.DNS.Name;

/**
 * Responses of one snapshot in wire form, keyed by (view, lower-cased name, type, variant),
 * filled by the general path as questions arrive.
 *
 * <p>Filled on demand rather than built for every name up front: a zone of 100k names would
 * need hundreds of thousands of entries (types × EDNS variants), most never asked for, and
 * building them would delay every reload. A fixed table where a new entry replaces whatever
 * held its slot bounds the memory ({@link #SLOTS} entries of a few hundred bytes) and keeps a
 * flood of random names from filling it for good: popular names come back at once.
 *
 * <p>Lock-free: an entry is immutable (final fields), so a reader sees a slot's old entry, its
 * new one or none, each complete. Two threads filling the same slot just race to the same end.
 */
final class AnswerCache {
    /** Slots in the table (a power of two): a few MB at most. */
    static final int SLOTS = 16384;

    private final Snapshot snapshot;
    private final Entry[] slots = new Entry[SLOTS];

    /** Besides the bytes, what rate limiting and the metrics need to know of the response. */
    private record Entry(View view, byte[] name, int qtype, int variant, byte[] wire, int rcode, boolean truncated,
            String viewName, ResponseClass kind, Name rrlName) {}

    AnswerCache(Snapshot snapshot) {
        this.snapshot = snapshot;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    /** The cached response to {@code query}, with its ID, flags and question's letter case; or null. */
    Response get(View view, byte[] query, CachedQuestion question) {
        Entry e = slots[question.hash() & (SLOTS - 1)];
        if (e == null || e.view != view || e.qtype != question.qtype() || e.variant != question.variant()
                || !question.sameName(query, e.name)) {
            return null;
        }
        byte[] wire = e.wire.clone();
        // The ID, the query flags a response echoes (RD, CD), and the question name as the client
        // wrote it: the rest of the response never points at these bytes with different meaning.
        wire[0] = query[0];
        wire[1] = query[1];
        wire[2] = (byte) ((wire[2] & ~0x01) | (query[2] & 0x01));
        wire[3] = (byte) ((wire[3] & ~0x10) | (query[3] & 0x10));
        System.arraycopy(query, CachedQuestion.NAME_START, wire, CachedQuestion.NAME_START, e.name.length);
        return new Response(wire, e.rcode, e.qtype, e.truncated, e.viewName, null, e.kind, e.rrlName, List.of());
    }

    /** Keeps the general path's {@code response} to {@code query} for the next such question. */
    void put(View view, byte[] query, CachedQuestion question, Response response) {
        byte[] wire = response.wire();
        byte[] name = question.lowerName(query);
        // get() patches the question in place: only a response that echoes it, at the same
        // offset and length, can be kept.
        if (wire == null || !response.more().isEmpty() || wire.length < question.nameEnd() || wire[4] != 0
                || wire[5] != 1 || !question.sameName(wire, name)) {
            return;
        }
        slots[question.hash() & (SLOTS - 1)] = new Entry(view, name, question.qtype(), question.variant(),
                wire.clone(), response.rcode(), response.truncated(), response.view(), response.kind(),
                response.rrlName());
    }
}
