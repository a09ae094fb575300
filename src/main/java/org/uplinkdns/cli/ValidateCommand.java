package org.uplinkdns.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.uplinkdns.config.Config;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.config.ConfigProblem;
import org.uplinkdns.config.UplinkConfig;
import org.uplinkdns.uplink.HostAddresses;
import org.uplinkdns.view.ServedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uplinkdns validate}: checks a config and its zone files without serving. */
@Command(
        name = "validate",
        mixinStandardHelpOptions = true,
        description = {
            "Check a config file and every zone file it names, then exit.",
            "Prints one 'file:line: reason' line per problem. An address that is not on this host is only a",
            "warning: validate works off the gateway, and a PPPoE address may come after start-up."
        },
        footer = {"", "Exit status: 0 valid (warnings may be printed), 2 invalid."})
final class ValidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the YAML config file")
    Path config;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "ignored here; accepted for symmetry with serve")
    String logLevel;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ServedData data;
        try {
            data = ServedData.load(config);
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println(p));
            err.flush();
            return 2;
        }
        List<ConfigProblem> warnings = addressWarnings(data.config());
        warnings.forEach(w -> err.println(w.file() + ":" + w.line() + ": warning: " + w.message()));
        err.flush();
        out.printf("%s: ok (%d uplinks, %d zones, %d self records)%n", config, data.config().uplinks().size(),
                data.config().zones().size(), data.config().selfRecords().size());
        out.flush();
        return 0;
    }

    /** Configured addresses this host does not have right now. */
    static List<ConfigProblem> addressWarnings(Config config) {
        Set<InetAddress> here = HostAddresses.current();
        java.util.ArrayList<ConfigProblem> result = new java.util.ArrayList<>();
        for (UplinkConfig u : config.uplinks()) {
            u.address().filter(a -> !HostAddresses.isLocal(a, here)).ifPresent(a -> result.add(new ConfigProblem(
                    config.source(), u.line(), "uplink " + u.name() + " address " + a.getHostAddress()
                            + " is not on this host now; serve will listen on it once it appears")));
            u.interfaceName().filter(n -> !HostAddresses.interfaceExists(n)).ifPresent(n -> result.add(new ConfigProblem(
                    config.source(), u.line(), "uplink " + u.name() + " interface " + n
                            + " is not on this host now; serve will listen on its addresses once it appears")));
        }
        for (InetAddress a : config.listen()) {
            if (!HostAddresses.isLocal(a, here)) {
                result.add(new ConfigProblem(config.source(), 0, "listen address " + a.getHostAddress()
                        + " is not on this host now; serve will listen on it once it appears"));
            }
        }
        return result;
    }
}
