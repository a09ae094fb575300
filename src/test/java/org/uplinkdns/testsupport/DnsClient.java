package org.uplinkdns.testsupport;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Type;

/** Plain socket clients for server tests: connected UDP, so replies from another address are not seen. */
public final class DnsClient {
    private DnsClient() {}

    public static byte[] query(String name, int type) {
        return Message.newQuery(Record.newRecord(Name.fromConstantString(name), type, DClass.IN)).toWire();
    }

    /** Sends {@code query} over UDP to {@code server}:{@code port} and returns the reply, or null on timeout. */
    public static Message udp(InetAddress server, int port, byte[] query) throws IOException {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            s.connect(server, port);
            s.setSoTimeout(2000);
            s.send(new DatagramPacket(query, query.length));
            byte[] buf = new byte[65535];
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                s.receive(p);
            } catch (SocketTimeoutException e) {
                return null;
            }
            byte[] reply = new byte[p.getLength()];
            System.arraycopy(buf, 0, reply, 0, reply.length);
            return new Message(reply);
        }
    }

    public static Message udp(InetAddress server, int port, String name, int type) throws IOException {
        return udp(server, port, query(name, type));
    }

    /** Writes one length-framed message. */
    public static void send(Socket s, byte[] message) throws IOException {
        OutputStream out = s.getOutputStream();
        byte[] framed = new byte[message.length + 2];
        framed[0] = (byte) (message.length >> 8);
        framed[1] = (byte) message.length;
        System.arraycopy(message, 0, framed, 2, message.length);
        out.write(framed);
        out.flush();
    }

    /** Reads one length-framed message, or null at end of stream. */
    public static Message receive(Socket s) throws IOException {
        DataInputStream in = new DataInputStream(s.getInputStream());
        int length;
        try {
            length = in.readUnsignedShort();
        } catch (EOFException e) {
            return null;
        }
        byte[] body = new byte[length];
        in.readFully(body);
        return new Message(body);
    }

    /** A TCP query and its answer on a fresh connection. */
    public static Message tcp(InetAddress server, int port, String name, int type) throws IOException {
        try (Socket s = new Socket(server, port)) {
            s.setSoTimeout(3000);
            send(s, query(name, type));
            return receive(s);
        }
    }

    /** True when the server closes {@code s} (end of stream or reset) within the socket's read timeout. */
    public static boolean closedByServer(Socket s) throws IOException {
        try {
            while (true) {
                int b = s.getInputStream().read();
                if (b < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // connection reset
        }
    }

    static {
        Type.string(Type.A); // load dnsjava's tables once, outside any timed section
    }
}
