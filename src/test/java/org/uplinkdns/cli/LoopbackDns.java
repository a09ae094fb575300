package org.uplinkdns.cli;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;

/** Queries a running server's listener the way a resolver does, over a connected UDP socket. */
final class LoopbackDns {
    private LoopbackDns() {}

    /** The reply to {@code name}/{@code type} sent to {@code address}; a reply from any other address is never seen. */
    static Message ask(ServerRuntime runtime, String address, String name, int type) throws Exception {
        InetAddress server = InetAddress.getByName(address);
        byte[] query = Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)).toWire();
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(server, 0))) {
            s.connect(server, runtime.server().port(server));
            s.setSoTimeout(2000);
            s.send(new DatagramPacket(query, query.length));
            DatagramPacket reply = new DatagramPacket(new byte[1232], 1232);
            s.receive(reply);
            return new Message(Arrays.copyOf(reply.getData(), reply.getLength()));
        }
    }

    /** The A addresses answered for {@code name} at {@code address}, sorted, space-separated. */
    static String addresses(ServerRuntime runtime, String address, String name) throws Exception {
        return ask(runtime, address, name, org.xbill.DNS.Type.A).getSection(Section.ANSWER).stream()
                .map(r -> ((ARecord) r).getAddress().getHostAddress()).sorted()
                .reduce((a, b) -> a + " " + b).orElse("");
    }
}
