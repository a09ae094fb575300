package org.uplinkdns.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code uplinkdns uplink drain|undrain NAME}: maintenance through the control socket. */
@Command(name = "uplink", mixinStandardHelpOptions = true,
        description = "Take an uplink out of rotation for maintenance, or put it back, through the control socket.")
final class UplinkCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    @Command(name = "drain", mixinStandardHelpOptions = true,
            description = {"Take NAME out of every answer that lists several uplinks (the LAN view, the MX set) until undrained.",
                "Its own listener keeps answering. The drain survives reloads, not restarts."},
            footer = {"", "Exit status: 0 done, 1 unknown uplink or server unreachable, 2 usage."})
    int drain(@Mixin ControlTarget target,
            @Parameters(paramLabel = "NAME", description = "the uplink's name in the config") String name) {
        return target.run("uplink drain " + name, spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    @Command(name = "undrain", mixinStandardHelpOptions = true,
            description = "Put NAME back in rotation; its probes decide whether it is up.",
            footer = {"", "Exit status: 0 done, 1 unknown uplink or server unreachable, 2 usage."})
    int undrain(@Mixin ControlTarget target,
            @Parameters(paramLabel = "NAME", description = "the uplink's name in the config") String name) {
        return target.run("uplink undrain " + name, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
