package org.uplinkdns.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control socket: who may open it, what it accepts, and what it refuses. */
class ControlServerTest {
    @TempDir
    Path dir;
    ControlServer server;
    final List<String> calls = new ArrayList<>();

    final ControlActions actions = new ControlActions() {
        @Override
        public Reply status() {
            calls.add("status");
            return new Reply(true, "UPLINK  STATE\nisp1    up\n");
        }

        @Override
        public Reply reload() {
            calls.add("reload");
            return new Reply(false, "conf.yaml:3: bad\nreload failed");
        }

        @Override
        public Reply drain(String uplink, boolean drain) {
            calls.add((drain ? "drain " : "undrain ") + uplink);
            return new Reply(uplink.equals("isp1"), "ok " + uplink);
        }
    };

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private Path start() throws IOException {
        Path socket = dir.resolve("run/control.sock");
        server = ControlServer.start(socket, actions);
        return socket;
    }

    @Test
    void theSocketIsOpenOnlyToTheServicesUserAndGroup() throws Exception {
        Path socket = start();
        assertEquals("rw-rw----", PosixFilePermissions.toString(Files.getPosixFilePermissions(socket)));
    }

    @Test
    void statusReloadDrainAndUndrainReachTheServer() throws Exception {
        Path socket = start();
        ControlActions.Reply status = ControlClient.send(socket, "status");
        assertTrue(status.ok());
        assertEquals("UPLINK  STATE\nisp1    up\n", status.text());
        ControlActions.Reply reload = ControlClient.send(socket, "reload");
        assertFalse(reload.ok(), "a rejected reload is reported as an error");
        assertTrue(reload.text().startsWith("conf.yaml:3: bad"));
        assertTrue(ControlClient.send(socket, "uplink drain isp1").ok());
        assertFalse(ControlClient.send(socket, "uplink undrain isp9").ok());
        assertEquals(List.of("status", "reload", "drain isp1", "undrain isp9"), calls);
    }

    @Test
    void unknownCommandsAreRefusedWithTheListOfCommands() throws Exception {
        Path socket = start();
        ControlActions.Reply reply = ControlClient.send(socket, "uplink destroy isp1");
        assertFalse(reply.ok());
        assertTrue(reply.text().contains("commands: status, reload, uplink drain NAME, uplink undrain NAME"), reply.text());
        assertEquals(List.of(), calls, "nothing was done");
    }

    @Test
    void anOversizedRequestIsRefusedAndTheServerKeepsServing() throws Exception {
        Path socket = start();
        try (SocketChannel c = SocketChannel.open(UnixDomainSocketAddress.of(socket))) {
            ByteBuffer junk = ByteBuffer.wrap("x".repeat(5000).getBytes(StandardCharsets.US_ASCII));
            while (junk.hasRemaining()) {
                c.write(junk);
            }
            ByteBuffer in = ByteBuffer.allocate(200);
            c.read(in);
            assertTrue(new String(in.array(), 0, in.position(), StandardCharsets.UTF_8).startsWith("error\n"));
        } catch (IOException e) {
            // the server may close first: also a refusal
        }
        assertTrue(ControlClient.send(socket, "status").ok());
        assertEquals(List.of("status"), calls);
    }

    @Test
    void aStaleSocketFileFromACrashIsReplaced() throws Exception {
        Path socket = dir.resolve("stale.sock");
        try (ServerSocketChannel crashed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            crashed.bind(UnixDomainSocketAddress.of(socket));
        }
        assertTrue(Files.exists(socket), "the crashed server left its socket file");
        server = ControlServer.start(socket, actions);
        assertTrue(ControlClient.send(socket, "status").ok());
    }

    @Test
    void aSocketAnotherRunningServerAnswersOnIsNotTaken() throws Exception {
        Path socket = start();
        IOException e = assertThrows(IOException.class, () -> ControlServer.start(socket, actions));
        assertTrue(e.getMessage().contains("in use by another running server"), e.getMessage());
        assertTrue(ControlClient.send(socket, "status").ok(), "the first server still answers");
    }

    @Test
    void closingRemovesTheSocketFile() throws Exception {
        Path socket = start();
        server.close();
        server = null;
        assertFalse(Files.exists(socket));
    }
}
