package dev.tally.cli;

import dev.tally.cli.api.CompensateCommand;
import dev.tally.cli.api.DlqCommand;
import dev.tally.cli.api.RebuildCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tally} command: runs Tally's pipelines on the local stack. */
@Command(name = "tally",
        mixinStandardHelpOptions = true,
        version = "tally 0.1.0",
        description = "Exactly-correct live aggregates from database changes.",
        subcommands = {UpCommand.class, DownCommand.class, GenerateCommand.class, CompensateCommand.class,
                DlqCommand.class, RebuildCommand.class},
        footer = {"", "Also: ./tally test (the whole test suite), ./tally build (build everything, no tests)."})
public final class TallyCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new TallyCommand())
                .setExecutionExceptionHandler((e, cl, parsed) -> {
                    System.err.println("tally: " + e.getMessage());
                    return 1;
                });
        System.exit(commandLine.execute(args));
    }
}
