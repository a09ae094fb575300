package org.uplinkdns.delegation;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;

/** Sends one DNS question to one server, with bounded time. */
public interface DnsProbe {

    /**
     * Asks {@code server} for {@code name}/{@code type}. Throws once every try has timed out or
     * failed; never waits longer than the probe's tries times its timeout (plus a TCP retry when
     * the UDP answer is truncated).
     *
     * @param recursive sets RD: only for the system resolver, never for an authoritative server
     */
    Message query(InetSocketAddress server, Name name, int type, boolean recursive) throws IOException;

    /** A short description of the limits, for reports: {@code 2 tries of 2s}. */
    String limits();

    /** Queries over UDP (TCP when truncated) with dnsjava's {@link SimpleResolver}. */
    static DnsProbe udp(Duration timeout, int tries) {
        return new DnsProbe() {
            @Override
            public Message query(InetSocketAddress server, Name name, int type, boolean recursive) throws IOException {
                Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
                if (!recursive) {
                    query.getHeader().unsetFlag(Flags.RD);
                }
                SimpleResolver resolver = new SimpleResolver(server);
                resolver.setTimeout(timeout);
                IOException last = new IOException("no try made");
                for (int i = 0; i < tries; i++) {
                    try {
                        return resolver.send(query);
                    } catch (IOException e) {
                        last = e;
                    }
                }
                throw last;
            }

            @Override
            public String limits() {
                return tries + (tries == 1 ? " try of " : " tries of ") + org.uplinkdns.config.Durations.format(timeout);
            }
        };
    }
}
