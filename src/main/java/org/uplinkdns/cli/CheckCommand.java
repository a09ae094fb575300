package org.uplinkdns.cli;

import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.uplinkdns.config.Addresses;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.config.Durations;
import org.uplinkdns.delegation.CheckReport;
import org.uplinkdns.delegation.CurrentUplinks;
import org.uplinkdns.delegation.DnsProbe;
import org.uplinkdns.delegation.IpRouting;
import org.uplinkdns.delegation.ParentCheck;
import org.uplinkdns.delegation.ParentPlan;
import org.uplinkdns.delegation.ResolverFinder;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.view.ServedData;
import org.xbill.DNS.ResolverConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code uplinkdns check}: compares the parent zone and the running listeners with the config. */
@Command(
        name = "check",
        mixinStandardHelpOptions = true,
        description = {
            "Compare what the parent zone and each uplink's listener publish with the config and the uplinks' current addresses.",
            "",
            "Checks the delegation NS set, glue and nameserver addresses, DS (an error for a zone whose answers "
                    + "differ by uplink), the MX set, gateway addresses and SPF, the SOA serial of each zone through each "
                    + "uplink, whether each uplink's listener answers with its own address, and (as warnings) missing "
                    + "source policy routing on this host. Without --parent the parent's servers are found through the "
                    + "system resolver. Every question is bounded by --timeout and --tries; a server that does not "
                    + "answer is reported once and not asked again."
        },
        footer = {"", "Exit status: 0 everything agrees (warnings may be listed), 1 differences or unreachable "
                + "servers (listed), 2 invalid config or usage."})
final class CheckCommand implements Callable<Integer> {
    private static final int DNS_PORT = 53;

    @Spec
    CommandSpec spec;

    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "the YAML config file")
    Path config;

    @Option(names = "--parent", paramLabel = "ADDR[:PORT]", converter = ServerConverter.class,
            description = "ask this server about the parent zones instead of the servers found through the system"
                    + " resolver (IPv6 as [ADDR]:PORT; default port 53)")
    InetSocketAddress parent;

    @Option(names = "--json", description = "print the findings as JSON instead of a table")
    boolean json;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2s", converter = TimeoutConverter.class,
            description = "how long to wait for each answer, e.g. 500ms or 2s (default: ${DEFAULT-VALUE})")
    Duration timeout;

    @Option(names = "--tries", paramLabel = "N", defaultValue = "2",
            description = "how often to send each question before giving up on a server (default: ${DEFAULT-VALUE})")
    int tries;

    @Option(names = "--log-level", paramLabel = "LEVEL", description = "ignored here; accepted for symmetry with serve")
    String logLevel;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (tries < 1 || tries > 10) {
            err.println("uplinkdns check: --tries must be between 1 and 10, not " + tries);
            err.flush();
            return 2;
        }
        ServedData data;
        try {
            data = ServedData.load(config);
        } catch (ConfigException e) {
            e.problems().forEach(err::println);
            err.flush();
            return 2;
        }
        IpRouting routing = new IpRouting();
        UplinkTable uplinks = CurrentUplinks.of(data.config());
        ParentPlan plan = ParentPlan.of(data.config(), data.zones(), uplinks, routing);
        DnsProbe probe = DnsProbe.udp(timeout, tries);
        ParentCheck.ServerFinder finder = parent != null
                ? zone -> new ParentCheck.Servers(List.of(parent), "--parent", Optional.empty())
                : new ResolverFinder(probe, ResolverConfig.getCurrentConfig().servers());
        int port = data.config().port();
        CheckReport report = new CheckReport(config.toString(), new ParentCheck(data.config(), data.zones(), uplinks,
                plan, probe, finder, (InetAddress a) -> new InetSocketAddress(a, port), routing).run());
        out.print(json ? report.json() : report.table());
        out.flush();
        return report.exitCode();
    }

    /** {@code 192.0.2.1}, {@code 192.0.2.1:5353}, {@code 2001:db8::1} or {@code [2001:db8::1]:5353}. */
    static final class ServerConverter implements ITypeConverter<InetSocketAddress> {
        @Override
        public InetSocketAddress convert(String value) {
            String host = value;
            int port = DNS_PORT;
            if (value.startsWith("[")) {
                int close = value.indexOf(']');
                if (close < 0) {
                    throw new TypeConversionException("'" + value + "': missing ']' after the IPv6 address");
                }
                host = value.substring(1, close);
                String rest = value.substring(close + 1);
                if (!rest.isEmpty()) {
                    if (!rest.startsWith(":")) {
                        throw new TypeConversionException("'" + value + "': expected [ADDR]:PORT");
                    }
                    port = port(rest.substring(1), value);
                }
            } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
                host = value.substring(0, value.indexOf(':'));
                port = port(value.substring(value.indexOf(':') + 1), value);
            }
            InetAddress address = Addresses.parseLiteral(host).orElseThrow(() -> new TypeConversionException(
                    "'" + value + "' is not an IP address (a name would need the resolver check is testing)"));
            return new InetSocketAddress(address, port);
        }

        private static int port(String text, String value) {
            try {
                int p = Integer.parseInt(text);
                if (p >= 1 && p <= 65535) {
                    return p;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new TypeConversionException("'" + value + "': the port must be 1-65535");
        }
    }

    static final class TimeoutConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            Duration d = Durations.parse(value).orElseThrow(() -> new TypeConversionException(
                    "'" + value + "' is not a duration such as 500ms or 2s"));
            if (d.toMillis() < 10 || d.toSeconds() > 60) {
                throw new TypeConversionException("'" + value + "': the timeout must be between 10ms and 60s");
            }
            return d;
        }
    }
}
