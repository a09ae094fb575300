package org.uplinkdns.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.config.ControlConfig;
import org.uplinkdns.config.MetricsConfig;
import org.uplinkdns.metrics.MetricsEndpoint;
import org.uplinkdns.control.ControlServer;
import org.uplinkdns.server.ListenFailure;
import org.uplinkdns.uplink.AddressTracker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import sun.misc.Signal;

/** {@code uplinkdns serve}: runs the server until SIGTERM or SIGINT; SIGHUP reloads. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = {
            "Load the config and its zones, listen on every uplink and listener address, and answer queries.",
            "Health probes (config 'health') start at once; each uplink's first round sets its state.",
            "Uplinks given by interface follow its addresses: netlink events ('ip -o monitor address'), else a 1 s poll.",
            "SIGHUP re-reads the config and zone files; on any error the running data keeps serving.",
            "A reload keeps the health state and drain of every uplink that is still configured.",
            "SIGTERM and SIGINT stop the server."
        },
        footer = {"", "Exit status: 0 stopped by a signal, 1 could not listen, 2 invalid config."})
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the YAML config file")
    Path config;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
            description = "event loop threads (default: ${DEFAULT-VALUE})")
    int threads;

    /** Where the addresses of uplinks given by interface come from. */
    enum AddressSourceChoice { auto, poll }

    @Option(names = "--address-source", paramLabel = "SOURCE", defaultValue = "auto",
            description = "how uplinks given by interface learn their addresses: auto (netlink events through"
                    + " 'ip -o monitor address', else a poll) or poll (java.net.NetworkInterface every second)"
                    + " (default: ${DEFAULT-VALUE})")
    AddressSourceChoice addressSource;

    @Option(names = "--log-level", paramLabel = "LEVEL", defaultValue = "info",
            description = "error, warn, info or debug (default: ${DEFAULT-VALUE}; also UPLINKDNS_LOG_LEVEL)")
    String logLevel;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        ServerRuntime runtime;
        try {
            runtime = ServerRuntime.start(config, threads,
                    addressSource == AddressSourceChoice.poll ? AddressTracker::polling : AddressTracker::forHost);
        } catch (ConfigException e) {
            e.problems().forEach(err::println);
            err.flush();
            return 2;
        } catch (ListenFailure e) {
            err.println("uplinkdns: " + e.getMessage());
            err.flush();
            return 1;
        }
        if ("root".equals(System.getProperty("user.name"))) {
            log.warn("event=running_as_root note=\"run as a dedicated user with CAP_NET_BIND_SERVICE (see deploy/uplinkdns.service)\"");
        }
        ControlServer control = openControl(runtime);
        MetricsEndpoint metrics = openMetrics(runtime);
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("HUP"), s -> runtime.reload());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("event=stopping");
            if (control != null) {
                control.close();
            }
            if (metrics != null) {
                metrics.close();
            }
            runtime.close();
            stop.countDown();
        }, "uplinkdns-shutdown"));
        log.info("event=ready listeners={} waiting={} startup_ms={}", runtime.server().bound().size(),
                runtime.server().waiting().size(), (System.nanoTime() - started) / 1_000_000);
        stop.await();
        return 0;
    }

    /** Opens the metrics endpoint; serving goes on without it when its port is taken. */
    private static MetricsEndpoint openMetrics(ServerRuntime runtime) {
        MetricsConfig mc = runtime.snapshots().get().config().metrics();
        if (!mc.enabled()) {
            log.info("event=metrics_disabled");
            return null;
        }
        try {
            return MetricsEndpoint.start(new InetSocketAddress(mc.address(), mc.port()), runtime.meters(), runtime::readiness);
        } catch (IOException e) {
            log.error("event=metrics_unavailable reason=\"{}\" note=\"DNS is served; metrics and readiness are not\"",
                    e.getMessage());
            return null;
        }
    }

    /**
     * Opens the control socket the config names. Serving goes on without it when it cannot be
     * opened (its directory is missing, another server holds it): DNS matters more than control.
     */
    private static ControlServer openControl(ServerRuntime runtime) {
        ControlConfig cc = runtime.snapshots().get().config().control();
        if (!cc.enabled()) {
            log.info("event=control_disabled");
            return null;
        }
        try {
            return ControlServer.start(cc.socket(), new RuntimeControl(runtime));
        } catch (IOException e) {
            log.warn("event=control_unavailable socket={} reason=\"{}\" note=\"status, reload and uplink drain need it;"
                    + " SIGHUP still reloads\"", cc.socket(), e.getMessage());
            return null;
        }
    }
}
