package org.uplinkdns.answer;

import java.util.ArrayList;
import java.util.List;
import org.uplinkdns.zone.ZoneData;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * A full zone transfer (RFC 5936): the SOA, every other record, the SOA again, split over as many
 * messages as it takes. IXFR is answered the same way, which RFC 1995 §4 allows.
 */
final class ZoneTransfer {
    /**
     * Records go into one message until their uncompressed size reaches this; compression only
     * shrinks them, so every message stays well below the 65535-byte TCP limit.
     */
    static final int MESSAGE_BUDGET = 16 * 1024;

    private ZoneTransfer() {}

    /** The messages of a transfer of {@code zone} in reply to the query with {@code id} and {@code question}. */
    static List<byte[]> messages(int id, Record question, ZoneData zone) {
        List<Record> records = new ArrayList<>();
        records.add(zone.soa());
        for (RRset set : zone.rrsets()) {
            if (set.getType() == Type.SOA) {
                continue;
            }
            records.addAll(set.rrs(false));
        }
        records.add(zone.soa());

        List<byte[]> result = new ArrayList<>();
        Message m = start(id, question);
        int size = 0;
        for (Record r : records) {
            int length = r.toWire(Section.ANSWER).length;
            if (size > 0 && size + length > MESSAGE_BUDGET) {
                result.add(m.toWire());
                m = start(id, null);
                size = 0;
            }
            m.addRecord(r, Section.ANSWER);
            size += length;
        }
        result.add(m.toWire());
        return result;
    }

    private static Message start(int id, Record question) {
        Message m = new Message(id);
        m.getHeader().setFlag(Flags.QR);
        m.getHeader().setFlag(Flags.AA);
        m.getHeader().setRcode(Rcode.NOERROR);
        if (question != null) {
            m.addRecord(question, Section.QUESTION);
        }
        return m;
    }
}
