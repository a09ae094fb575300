package org.uplinkdns.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code uplinkdns status}: the running server's uplinks, listeners and zones. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the running server's uplinks (state, since when, addresses, last probe results), listeners and zone serials, through its control socket.",
        footer = {"", "Exit status: 0 shown, 1 the server cannot be reached, 2 invalid config or usage."})
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ControlTarget target;

    @Override
    public Integer call() {
        return target.run("status", spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
