package org.uplinkdns.answer;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.uplinkdns.config.ChaosConfig;
import org.uplinkdns.view.Snapshot;
import org.uplinkdns.view.View;
import org.uplinkdns.zone.Match;
import org.uplinkdns.zone.Node;
import org.uplinkdns.zone.ZoneData;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Answers one query; see the package documentation for the stages. Thread-safe: its only state
 * is the answer cache of the current snapshot, which never changes an answer, only its cost.
 */
public final class Responder {
    /** The UDP payload size we advertise and never exceed (DNS flag day 2020: no fragmentation). */
    public static final int MAX_UDP_PAYLOAD = 1232;
    /** Limit for a query without EDNS (RFC 1035 §4.2.1). */
    public static final int PLAIN_UDP_PAYLOAD = 512;
    private static final int MAX_TCP_MESSAGE = 65535;
    /** Longest CNAME chain followed inside a zone. */
    private static final int MAX_CHAIN = 8;

    private final int maxUdpPayload;
    /** Wire-format answers of the snapshot queries last read; replaced when the snapshot is. */
    private volatile AnswerCache cache;

    public Responder() {
        this(MAX_UDP_PAYLOAD);
    }

    public Responder(int maxUdpPayload) {
        this.maxUdpPayload = Math.max(PLAIN_UDP_PAYLOAD, maxUdpPayload);
    }

    /**
     * Answers {@code query} (the whole datagram or TCP message) received on {@code local} from
     * {@code client}. The fast path: a question asked before in this snapshot is answered from
     * the cache, copied with the query's ID, flags and letter case; every other query takes the
     * general path, whose answer fills the cache. Both give the same bytes.
     */
    public Response respond(Snapshot snapshot, byte[] query, InetAddress local, InetAddress client, Transport transport) {
        CachedQuestion question = CachedQuestion.of(query, transport, maxUdpPayload);
        if (question == null) {
            return respondUncached(snapshot, query, local, client, transport);
        }
        AnswerCache c = cache;
        if (c == null || c.snapshot() != snapshot) {
            c = new AnswerCache(snapshot);
            cache = c;
        }
        View view = snapshot.viewFor(local, client);
        Response cached = c.get(view, query, question);
        if (cached != null) {
            return cached;
        }
        Response r = respondUncached(snapshot, query, local, client, transport);
        c.put(view, query, question, r);
        return r;
    }

    /** The general path: every stage, for every query. */
    Response respondUncached(Snapshot snapshot, byte[] query, InetAddress local, InetAddress client,
            Transport transport) {
        // Stage 1: the header alone decides whether we answer at all.
        if (query.length < Header.LENGTH) {
            return Response.dropped(Response.Drop.SHORT);
        }
        int flags = ((query[2] & 0xff) << 8) | (query[3] & 0xff);
        if ((flags & 0x8000) != 0) {
            return Response.dropped(Response.Drop.RESPONSE);
        }
        int id = ((query[0] & 0xff) << 8) | (query[1] & 0xff);
        int opcode = (flags >> 11) & 0xf;
        int qdcount = ((query[4] & 0xff) << 8) | (query[5] & 0xff);
        Message message = parse(query);
        Request req = new Request(id, opcode, flags, message, transport);
        if (opcode != Opcode.QUERY) {
            return req.error(Rcode.NOTIMP);
        }
        if (message == null || qdcount != 1 || message.getQuestion() == null) {
            return req.error(Rcode.FORMERR);
        }

        // Stage 2: the question and its EDNS options.
        if (message.getSection(Section.ADDITIONAL).stream().filter(r -> r.getType() == Type.OPT).count() > 1) {
            return req.error(Rcode.FORMERR);
        }
        OPTRecord opt = message.getOPT();
        if (opt != null && opt.getVersion() > 0) {
            return req.error(Rcode.BADVERS);
        }
        Record question = message.getQuestion();
        int qtype = question.getType();
        if (question.getDClass() != DClass.IN) {
            return chaos(req, snapshot.config().chaos(), question);
        }
        if (qtype == Type.OPT || qtype == Type.TSIG || qtype == Type.TKEY) {
            return req.error(Rcode.FORMERR);
        }
        if (qtype == Type.MAILA || qtype == Type.MAILB) {
            return req.error(Rcode.NOTIMP);
        }
        if (qtype == Type.AXFR || qtype == Type.IXFR) {
            return transfer(req, snapshot, local, client, question);
        }

        // Stage 3: which data answers.
        View view = snapshot.viewFor(local, client);
        Name qname = question.getName();
        ZoneData zone = view.zoneFor(qname, qtype);
        if (zone == null) {
            return req.error(Rcode.REFUSED, view.name());
        }

        // Stage 4: lookup, then additional data, then rendering.
        Answer answer = lookup(zone, qname, qtype);
        addAdditional(view, answer);
        return render(req, answer, view.name());
    }

    /**
     * A zone transfer: refused unless the {@code transfer.allow} list holds the client, and then
     * sent over TCP only (over UDP the empty TC=1 reply tells the client to retry over TCP).
     */
    private static Response transfer(Request req, Snapshot snapshot, InetAddress local, InetAddress client,
            Record question) {
        if (!snapshot.config().transfer().allows(client)) {
            return req.error(Rcode.REFUSED);
        }
        View view = snapshot.viewFor(local, client);
        ZoneData zone = view.zoneFor(question.getName(), question.getType());
        if (zone == null || !zone.origin().equals(question.getName())) {
            return req.error(Rcode.NOTAUTH, view.name());
        }
        if (req.transport() == Transport.UDP) {
            Message tc = req.reply(Rcode.NOERROR, true);
            tc.getHeader().setFlag(Flags.TC);
            return new Response(tc.toWire(), Rcode.NOERROR, question.getType(), true, view.name(), null,
                    ResponseClass.ERROR, null, List.of());
        }
        List<byte[]> messages = ZoneTransfer.messages(req.id(), question, zone);
        return new Response(messages.get(0), Rcode.NOERROR, question.getType(), false, view.name(), null,
                ResponseClass.TRANSFER, zone.origin(), messages.subList(1, messages.size()));
    }

    /** CHAOS TXT identity queries, answered only when configured; every other non-IN query is refused. */
    private static Response chaos(Request req, ChaosConfig config, Record question) {
        Optional<String> text = ChaosNames.answer(config, question);
        if (text.isEmpty()) {
            return req.error(Rcode.REFUSED);
        }
        Message m = req.reply(Rcode.NOERROR, true);
        m.addRecord(new TXTRecord(question.getName(), DClass.CH, 0, text.get()), Section.ANSWER);
        return new Response(m.toWire(), Rcode.NOERROR, question.getType(), false, null, null,
                ResponseClass.ANSWER, question.getName(), List.of());
    }

    private static Message parse(byte[] query) {
        try {
            return new Message(query);
        } catch (Exception e) {
            // dnsjava throws IOException subclasses and unchecked exceptions (bad TTLs, bad
            // lengths): to us every one of them means "not a message we can answer".
            return null;
        }
    }

    /** The sections of an answer, before rendering. */
    private static final class Answer {
        final List<RRset> answer = new ArrayList<>();
        final List<RRset> authority = new ArrayList<>();
        /** Glue a referral cannot do without (RFC 9471): if it does not fit, TC is set. */
        final List<RRset> requiredAdditional = new ArrayList<>();
        /** Helpful extra addresses, left out silently when they do not fit (RFC 2181 §9). */
        final List<RRset> optionalAdditional = new ArrayList<>();
        int rcode = Rcode.NOERROR;
        boolean authoritative = true;
        /** Rate limiting's name for this answer: set by the first lookup step. */
        Name rrlName;
        ResponseClass kind = ResponseClass.ANSWER;
    }

    private static Answer lookup(ZoneData zone, Name qname, int qtype) {
        Answer a = new Answer();
        Name name = qname;
        Set<Name> seen = new HashSet<>();
        for (int hop = 0; hop <= MAX_CHAIN; hop++) {
            seen.add(name);
            Match m = zone.find(name, qtype == Type.DS);
            if (hop == 0) {
                a.rrlName = switch (m.kind()) {
                    case EXACT -> qname;
                    case WILDCARD, DELEGATION -> m.node().name();
                    case NXDOMAIN -> zone.origin();
                };
            }
            switch (m.kind()) {
                case DELEGATION -> {
                    referral(zone, m.node(), a);
                    if (a.answer.isEmpty()) {
                        a.kind = ResponseClass.REFERRAL;
                    }
                    return a;
                }
                case NXDOMAIN -> {
                    a.rcode = Rcode.NXDOMAIN;
                    a.authority.add(zone.negativeSoa());
                    if (a.answer.isEmpty()) {
                        a.kind = ResponseClass.NXDOMAIN;
                    }
                    return a;
                }
                default -> {
                    Node node = m.node();
                    RRset cname = node.get(Type.CNAME);
                    if (cname != null && qtype != Type.CNAME && qtype != Type.ANY) {
                        a.answer.add(owned(cname, name));
                        Name target = ((CNAMERecord) cname.first()).getTarget();
                        if (!target.subdomain(zone.origin()) || seen.contains(target)) {
                            return a;
                        }
                        name = target;
                        continue;
                    }
                    RRset data = qtype == Type.ANY ? minimalAny(node) : node.get(qtype);
                    if (data == null) {
                        a.authority.add(zone.negativeSoa());
                        if (a.answer.isEmpty()) {
                            a.kind = ResponseClass.NODATA;
                        }
                    } else {
                        a.answer.add(owned(data, name));
                    }
                    return a;
                }
            }
        }
        return a;
    }

    /** A referral: not authoritative, the cut's NS set in authority, its glue in additional. */
    private static void referral(ZoneData zone, Node cut, Answer a) {
        RRset ns = cut.get(Type.NS);
        if (a.answer.isEmpty()) {
            a.authoritative = false;
        }
        a.authority.add(ns);
        for (Record r : ns.rrs(false)) {
            Name target = r.getAdditionalName();
            List<RRset> into = target.subdomain(cut.name()) ? a.requiredAdditional : a.optionalAdditional;
            addAddresses(zone, target, into, a);
        }
    }

    /** RFC 8482: one RRset, never the whole node. Addresses first, since that is what most ANY queries want. */
    private static RRset minimalAny(Node node) {
        RRset set = node.get(Type.A);
        if (set == null) {
            set = node.get(Type.AAAA);
        }
        if (set == null && !node.isEmpty()) {
            set = node.all().iterator().next();
        }
        return set;
    }

    /** The RRset under {@code owner}: unchanged for exact matches, renamed for wildcard answers. */
    private static RRset owned(RRset set, Name owner) {
        if (set.getName().equals(owner)) {
            return set;
        }
        RRset renamed = new RRset();
        for (Record r : set.rrs(false)) {
            renamed.addRR(r.withName(owner));
        }
        return renamed;
    }

    /**
     * Addresses of the targets of MX, SRV and NS answers, from any zone of the view we are
     * authoritative for (the NS targets of {@code www.example.net} live in {@code example.net}):
     * helpful, never required. Names below a delegation are not our data and are not added.
     */
    private static void addAdditional(View view, Answer a) {
        for (RRset set : a.answer) {
            int type = set.getType();
            if (type != Type.MX && type != Type.NS && type != Type.SRV) {
                continue;
            }
            for (Record r : set.rrs(false)) {
                Name target = r.getAdditionalName();
                ZoneData zone = target == null ? null : view.zoneFor(target, Type.A);
                if (zone != null && zone.find(target, false).kind() == Match.Kind.EXACT) {
                    addAddresses(zone, target, a.optionalAdditional, a);
                }
            }
        }
    }

    private static void addAddresses(ZoneData zone, Name target, List<RRset> into, Answer a) {
        Node node = zone.node(target);
        if (node == null) {
            return;
        }
        for (int type : new int[] {Type.A, Type.AAAA}) {
            RRset set = node.get(type);
            if (set != null && !a.requiredAdditional.contains(set) && !a.optionalAdditional.contains(set)) {
                into.add(set);
            }
        }
    }

    private Response render(Request req, Answer a, String view) {
        int limit = req.sizeLimit(maxUdpPayload);
        Message full = req.reply(a.rcode, a.authoritative);
        a.answer.forEach(s -> addRRset(full, s, Section.ANSWER));
        a.authority.forEach(s -> addRRset(full, s, Section.AUTHORITY));
        a.requiredAdditional.forEach(s -> addRRset(full, s, Section.ADDITIONAL));
        int fixedLength = full.toWire().length;
        boolean fits = fixedLength <= limit;
        if (fits) {
            // Add optional additional data one RRset at a time while it fits; never half an RRset.
            byte[] wire = null;
            for (RRset extra : a.optionalAdditional) {
                addRRset(full, extra, Section.ADDITIONAL);
                byte[] candidate = full.toWire();
                if (candidate.length > limit) {
                    removeRRset(full, extra, Section.ADDITIONAL);
                    break;
                }
                wire = candidate;
            }
            if (wire == null) {
                wire = full.toWire();
            }
            return new Response(wire, a.rcode, req.qtype(), false, view, null, a.kind, a.rrlName, List.of());
        }
        // Answer, authority or required glue does not fit: send the question with TC=1 so the
        // client retries over TCP, rather than an incomplete answer.
        Message truncated = req.reply(a.rcode, a.authoritative);
        truncated.getHeader().setFlag(Flags.TC);
        return new Response(truncated.toWire(), a.rcode, req.qtype(), true, view, null, a.kind, a.rrlName, List.of());
    }

    private static void addRRset(Message m, RRset set, int section) {
        for (Record r : set.rrs(false)) {
            m.addRecord(r, section);
        }
    }

    private static void removeRRset(Message m, RRset set, int section) {
        for (Record r : set.rrs(false)) {
            m.removeRecord(r, section);
        }
    }

    /** What a reply copies from its query. */
    private record Request(int id, int opcode, int flags, Message query, Transport transport) {

        int qtype() {
            return query == null || query.getQuestion() == null ? -1 : query.getQuestion().getType();
        }

        int sizeLimit(int maxUdp) {
            if (transport == Transport.TCP) {
                return MAX_TCP_MESSAGE;
            }
            OPTRecord opt = query == null ? null : query.getOPT();
            if (opt == null) {
                return PLAIN_UDP_PAYLOAD;
            }
            return Math.min(maxUdp, Math.max(PLAIN_UDP_PAYLOAD, opt.getPayloadSize()));
        }

        Message reply(int rcode, boolean authoritative) {
            Message m = new Message(id);
            Header h = m.getHeader();
            h.setFlag(Flags.QR);
            h.setOpcode(opcode);
            if ((flags & 0x0100) != 0) {
                h.setFlag(Flags.RD);
            }
            if ((flags & 0x0010) != 0) {
                h.setFlag(Flags.CD);
            }
            if (authoritative && rcode != Rcode.REFUSED && rcode != Rcode.FORMERR && rcode != Rcode.NOTIMP) {
                h.setFlag(Flags.AA);
            }
            h.setRcode(rcode & 0xf);
            if (query != null) {
                Record question = query.getQuestion();
                int qdcount = query.getHeader().getCount(Section.QUESTION);
                if (question != null && qdcount == 1) {
                    m.addRecord(question, Section.QUESTION);
                }
                OPTRecord opt = query.getOPT();
                if (opt != null) {
                    int doFlag = opt.getFlags() & ExtendedFlags.DO;
                    m.addRecord(new OPTRecord(MAX_UDP_PAYLOAD, rcode >> 4, 0, doFlag), Section.ADDITIONAL);
                }
            }
            return m;
        }

        Response error(int rcode) {
            return error(rcode, null);
        }

        Response error(int rcode, String view) {
            Message m = reply(rcode, false);
            return new Response(m.toWire(), rcode, qtype(), false, view, null);
        }
    }
}
