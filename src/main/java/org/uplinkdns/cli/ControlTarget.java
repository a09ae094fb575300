package org.uplinkdns.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.config.ConfigLoader;
import org.uplinkdns.config.ControlConfig;
import org.uplinkdns.control.ControlActions;
import org.uplinkdns.control.ControlClient;
import picocli.CommandLine.Option;

/** How the control commands find the running server's socket: {@code --socket}, else the config's, else the default. */
final class ControlTarget {
    @Option(names = "--socket", paramLabel = "PATH", description = "the control socket (default: the config's control.socket, else /run/uplinkdns/control.sock)")
    Path socket;

    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "read the control socket path from this config")
    Path config;

    Path socketPath() throws ConfigException {
        if (socket != null) {
            return socket;
        }
        if (config != null) {
            return new ConfigLoader().load(config).control().socket();
        }
        return ControlConfig.DEFAULTS.socket();
    }

    /** Sends {@code command}, prints the reply, and returns the exit status: 0 ok, 1 refused or unreachable, 2 bad config. */
    int run(String command, java.io.PrintWriter out, java.io.PrintWriter err) {
        Path path;
        try {
            path = socketPath();
        } catch (ConfigException e) {
            e.problems().forEach(err::println);
            err.flush();
            return 2;
        }
        try {
            ControlActions.Reply reply = ControlClient.send(path, command);
            (reply.ok() ? out : err).print(reply.text());
            out.flush();
            err.flush();
            return reply.ok() ? 0 : 1;
        } catch (IOException e) {
            err.println("uplinkdns: cannot reach the server's control socket " + path + ": " + e.getMessage()
                    + " (is 'uplinkdns serve' running, and may this user open the socket?)");
            err.flush();
            return 1;
        }
    }
}
