package org.uplinkdns.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point: {@code java -jar uplinkdns.jar <command>}. */
@Command(
        name = "uplinkdns",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = {
            "Authoritative DNS for multihomed gateways: answers each query with the address of the uplink it arrived on.",
            ""
        },
        subcommands = {ServeCommand.class, ValidateCommand.class, PlanCommand.class, CheckCommand.class,
            StatusCommand.class, ReloadCommand.class, UplinkCommand.class,
            CommandLine.HelpCommand.class},
        commandListHeading = "%nCommands:%n",
        footer = {"", "Exit status: 0 success, 1 runtime failure, 2 invalid config or usage."})
public final class Main implements Runnable {

    public static void main(String[] args) {
        Logging.configure(args);
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        return cl;
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
