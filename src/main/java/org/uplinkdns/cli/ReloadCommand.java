package org.uplinkdns.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code uplinkdns reload}: as SIGHUP, but reports the outcome. */
@Command(name = "reload", mixinStandardHelpOptions = true,
        description = {"Make the running server re-read its config and zone files, as SIGHUP does, and print the outcome.",
            "On any problem it prints every 'file:line: reason' and keeps serving the previous data."},
        footer = {"", "Exit status: 0 reloaded, 1 rejected (old data still served) or server unreachable, 2 usage."})
final class ReloadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ControlTarget target;

    @Override
    public Integer call() {
        return target.run("reload", spec.commandLine().getOut(), spec.commandLine().getErr());
    }
}
