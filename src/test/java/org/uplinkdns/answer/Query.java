package org.uplinkdns.answer;

import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;

/** A query as a client would send it: by default UDP, RD set, no EDNS, received on isp1 (127.0.0.2). */
final class Query {
    private static final AtomicInteger NEXT_ID = new AtomicInteger(0x1234);

    private final String name;
    private final int type;
    private int dclass = DClass.IN;
    private int id = NEXT_ID.getAndIncrement() & 0xffff;
    private int opcode = Opcode.QUERY;
    private boolean rd = true;
    private boolean cd;
    private Integer ednsSize;
    private int ednsVersion;
    private String local = "127.0.0.2";
    private Transport transport = Transport.UDP;

    private Query(String name, int type) {
        this.name = name;
        this.type = type;
    }

    static Query of(String name, int type) {
        return new Query(name, type);
    }

    /** Received on {@code address}, which chooses the view. */
    Query on(String address) {
        local = address;
        return this;
    }

    Query edns(int payloadSize) {
        ednsSize = payloadSize;
        return this;
    }

    Query ednsVersion(int version) {
        if (ednsSize == null) {
            ednsSize = 1232;
        }
        ednsVersion = version;
        return this;
    }

    Query tcp() {
        transport = Transport.TCP;
        return this;
    }

    Query dclass(int c) {
        dclass = c;
        return this;
    }

    Query opcode(int o) {
        opcode = o;
        return this;
    }

    Query id(int i) {
        id = i;
        return this;
    }

    Query noRecursionDesired() {
        rd = false;
        return this;
    }

    Query checkingDisabled() {
        cd = true;
        return this;
    }

    String local() {
        return local;
    }

    Transport transport() {
        return transport;
    }

    int id() {
        return id;
    }

    Message message() {
        Message m = new Message(id);
        m.getHeader().setOpcode(opcode);
        if (!rd) {
            m.getHeader().unsetFlag(Flags.RD);
        } else {
            m.getHeader().setFlag(Flags.RD);
        }
        if (cd) {
            m.getHeader().setFlag(Flags.CD);
        }
        try {
            m.addRecord(Record.newRecord(Name.fromString(name.endsWith(".") ? name : name + "."), type, dclass),
                    Section.QUESTION);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(name, e);
        }
        if (ednsSize != null) {
            m.addRecord(new OPTRecord(ednsSize, 0, ednsVersion, ExtendedFlags.DO), Section.ADDITIONAL);
        }
        return m;
    }

    byte[] wire() {
        return message().toWire();
    }
}
