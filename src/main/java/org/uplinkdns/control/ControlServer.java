package org.uplinkdns.control;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves the control socket; see the package documentation. */
public final class ControlServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ControlServer.class);
    /** A request is one short line; anything longer is not ours. */
    static final int MAX_REQUEST = 1024;
    /** A client that does not finish its request in this time is disconnected. */
    private static final long REQUEST_DEADLINE_MS = 5000;

    private final Path path;
    private final ControlActions actions;
    private final ServerSocketChannel channel;
    private final ExecutorService workers;
    private final ScheduledExecutorService deadlines;
    private final Thread acceptor;
    private volatile boolean closed;

    private ControlServer(Path path, ControlActions actions, ServerSocketChannel channel) {
        this.path = path;
        this.actions = actions;
        this.channel = channel;
        this.workers = Executors.newFixedThreadPool(2, daemon("uplinkdns-control"));
        this.deadlines = Executors.newSingleThreadScheduledExecutor(daemon("uplinkdns-control-deadline"));
        this.acceptor = daemon("uplinkdns-control-accept").newThread(this::acceptLoop);
    }

    /**
     * Opens the socket at {@code path} with mode 0660. A stale socket file left by a crashed server
     * is replaced; a socket another running server answers on is not.
     */
    public static ControlServer start(Path path, ControlActions actions) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-x---")));
        }
        if (Files.exists(path)) {
            if (answers(path)) {
                throw new IOException("control socket " + path + " is in use by another running server");
            }
            Files.delete(path);
        }
        ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            ch.bind(UnixDomainSocketAddress.of(path));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-rw----"));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw new IOException("cannot open control socket " + path + ": " + e.getMessage(), e);
        }
        ControlServer server = new ControlServer(path, actions, ch);
        server.acceptor.start();
        log.info("event=control_listen socket={}", path);
        return server;
    }

    private static boolean answers(Path path) {
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public Path path() {
        return path;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                SocketChannel client = channel.accept();
                workers.execute(() -> serve(client));
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    log.warn("event=control_accept_error message=\"{}\"", e.getMessage());
                }
            }
        }
    }

    private void serve(SocketChannel client) {
        ScheduledFuture<?> deadline = deadlines.schedule(() -> closeQuietly(client), REQUEST_DEADLINE_MS,
                TimeUnit.MILLISECONDS);
        try (client) {
            String request = readLine(client);
            deadline.cancel(false);
            ControlActions.Reply reply = request == null
                    ? new ControlActions.Reply(false, "request too long or not terminated by a newline")
                    : dispatch(request);
            String text = (reply.ok() ? "ok" : "error") + "\n" + reply.text();
            if (!text.endsWith("\n")) {
                text += "\n";
            }
            ByteBuffer out = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
            while (out.hasRemaining()) {
                client.write(out);
            }
        } catch (IOException e) {
            log.debug("control client went away: {}", e.getMessage());
        } finally {
            deadline.cancel(false);
        }
    }

    /** One request line, or null when the client sent more than {@link #MAX_REQUEST} bytes without a newline. */
    static String readLine(SocketChannel client) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(MAX_REQUEST);
        while (buf.hasRemaining()) {
            int n = client.read(buf);
            if (n < 0) {
                break;
            }
            for (int i = buf.position() - n; i < buf.position(); i++) {
                if (buf.get(i) == '\n') {
                    return new String(buf.array(), 0, i, StandardCharsets.UTF_8).strip();
                }
            }
        }
        return buf.hasRemaining() && buf.position() > 0
                ? new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip()
                : null;
    }

    ControlActions.Reply dispatch(String request) {
        List<String> words = List.of(request.trim().split("\\s+"));
        String command = words.get(0).toLowerCase(Locale.ROOT);
        log.info("event=control_command command=\"{}\"", request.trim());
        try {
            if (command.equals("status") && words.size() == 1) {
                return actions.status();
            }
            if (command.equals("reload") && words.size() == 1) {
                return actions.reload();
            }
            if (command.equals("uplink") && words.size() == 3
                    && (words.get(1).equals("drain") || words.get(1).equals("undrain"))) {
                return actions.drain(words.get(2), words.get(1).equals("drain"));
            }
        } catch (RuntimeException e) {
            log.error("event=control_failed command=\"{}\" error=\"{}\"", request.trim(), e.toString());
            return new ControlActions.Reply(false, "internal error: " + e);
        }
        return new ControlActions.Reply(false,
                "unknown command '" + request.trim() + "' (commands: status, reload, uplink drain NAME, uplink undrain NAME)");
    }

    private static void closeQuietly(SocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // already gone
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override
    public void close() {
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
        workers.shutdownNow();
        deadlines.shutdownNow();
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("event=control_cleanup socket={} message=\"{}\"", path, e.getMessage());
        }
    }
}
