package org.uplinkdns.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uplinkdns.answer.Response;
import org.xbill.DNS.Message;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/**
 * The optional query log (config {@code log.queries}, off by default): one line per answered
 * query on the logger {@code uplinkdns.query}. Off, it costs one boolean test per query.
 */
public final class QueryLog {
    private static final Logger log = LoggerFactory.getLogger("uplinkdns.query");
    public static final QueryLog OFF = new QueryLog(false);

    private final boolean enabled;

    public QueryLog(boolean enabled) {
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    void record(InetSocketAddress client, InetAddress local, boolean tcp, byte[] query, Response r) {
        if (!enabled) {
            return;
        }
        String qname = "-";
        try {
            Record q = new Message(query).getQuestion();
            if (q != null) {
                qname = q.getName().toString();
            }
        } catch (Exception e) {
            // logged as "-": the packet had no readable question
        }
        log.info("event=query client={} port={} local={} proto={} qname={} qtype={} rcode={} view={} tc={}",
                client.getAddress().getHostAddress(), client.getPort(), local.getHostAddress(), tcp ? "tcp" : "udp",
                qname, r.qtype() < 0 ? "-" : Type.string(r.qtype()), Rcode.string(r.rcode()),
                r.view() == null ? "-" : r.view(), r.truncated() ? 1 : 0);
    }
}
