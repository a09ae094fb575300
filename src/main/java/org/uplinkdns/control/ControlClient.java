package org.uplinkdns.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.io.ByteArrayOutputStream;

/** Sends one command to a running server's control socket. */
public final class ControlClient {
    /** The longest reply read; a status table is a few kilobytes. */
    private static final int MAX_REPLY = 1 << 20;

    private ControlClient() {}

    public static ControlActions.Reply send(Path socket, String command) throws IOException {
        try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            ch.connect(UnixDomainSocketAddress.of(socket));
            ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                ch.write(out);
            }
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            ByteBuffer in = ByteBuffer.allocate(8192);
            while (ch.read(in) >= 0 && reply.size() < MAX_REPLY) {
                reply.write(in.array(), 0, in.position());
                in.clear();
            }
            String text = reply.toString(StandardCharsets.UTF_8);
            int nl = text.indexOf('\n');
            String status = nl < 0 ? text : text.substring(0, nl);
            String body = nl < 0 ? "" : text.substring(nl + 1);
            if (!status.equals("ok") && !status.equals("error")) {
                throw new IOException("unexpected reply from " + socket + ": " + status);
            }
            return new ControlActions.Reply(status.equals("ok"), body);
        }
    }
}
