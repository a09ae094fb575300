package org.uplinkdns.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.uplinkdns.config.ConfigException;
import org.uplinkdns.delegation.CurrentUplinks;
import org.uplinkdns.delegation.IpRouting;
import org.uplinkdns.delegation.ParentPlan;
import org.uplinkdns.delegation.PlanText;
import org.uplinkdns.uplink.UplinkTable;
import org.uplinkdns.view.ServedData;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code uplinkdns plan}: prints what the parent zone and the ISPs need, as a zone file. */
@Command(
        name = "plan",
        mixinStandardHelpOptions = true,
        description = {
            "Print, in zone-file syntax, what the zones and ISPs outside uplinkdns need for the uplinks as they are now.",
            "",
            "The delegation NS records of each served zone whose parent is not served here (and of zones with self "
                    + "names), nameserver addresses (glue) at the current uplink addresses, the MX, mail gateway and SPF "
                    + "records when the mail domain is served elsewhere, the PTR record to ask each ISP for, and, as "
                    + "comments, the source policy routing each uplink needs on the gateway. No DS record is printed "
                    + "for a zone whose answers differ by uplink: they cannot be signed ahead of time."
        },
        footer = {"", "Exit status: 0 complete, 1 printed but incomplete (an uplink has no address now; see the "
                + "WARNING comments), 2 invalid config or usage."})
final class PlanCommand implements Callable<Integer> {
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
            e.problems().forEach(err::println);
            err.flush();
            return 2;
        }
        UplinkTable uplinks = CurrentUplinks.of(data.config());
        ParentPlan plan = ParentPlan.of(data.config(), data.zones(), uplinks, new IpRouting());
        out.print(PlanText.render(plan, config.toString(), uplinks.uplinks()));
        out.flush();
        plan.gaps().forEach(g -> err.println("uplinkdns plan: warning: " + g));
        err.flush();
        return plan.gaps().isEmpty() ? 0 : 1;
    }
}
