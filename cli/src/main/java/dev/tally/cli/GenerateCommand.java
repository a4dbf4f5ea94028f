package dev.tally.cli;

import dev.tally.cli.generate.WorkloadRunner;
import dev.tally.cli.generate.Workloads;
import dev.tally.localstack.ReadyFile;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes an example's workload into the source database of the running local stack. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Writes realistic changes (inserts, updates, deletes, multi-row transactions) into the source "
                + "database of the stack that ./tally up runs.")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--example", required = true, paramLabel = "NAME", description = "The example, e.g. orders.")
    String example;

    @Option(names = "--rate", defaultValue = "200", paramLabel = "N",
            description = "Row changes per second; 0 for as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "60s", paramLabel = "TIME", converter = DurationConverter.class,
            description = "How long to run, e.g. 30s, 5m (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--changes", defaultValue = "" + Long.MAX_VALUE, paramLabel = "N",
            description = "Stop after this many row changes.")
    long changes;

    @Option(names = "--keys", defaultValue = "100", paramLabel = "N",
            description = "How many distinct group keys (products for orders) (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        Workspace workspace = Workspace.current();
        if (!Files.exists(workspace.localEnv())) {
            throw new IllegalStateException("nothing is running: start it first with ./tally up --example " + example);
        }
        String url = ReadyFile.read(workspace.localEnv()).get("SOURCE_JDBC_URL");
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.setAutoCommit(false);
            WorkloadRunner runner = new WorkloadRunner(Workloads.forExample(example, connection, seed, keys), rate);
            WorkloadRunner.Result result = runner.run(connection, duration, changes, progress ->
                    System.out.printf("  %,d changes in %,d transactions, %.1f s (%.0f/s)%n", progress.changes(),
                            progress.transactions(), progress.elapsed().toMillis() / 1000.0, progress.changesPerSecond()));
            System.out.printf("tally: wrote %,d changes in %,d transactions in %.1f s (%.0f changes/s)%n",
                    result.changes(), result.transactions(), result.elapsed().toMillis() / 1000.0,
                    result.changesPerSecond());
        }
        return 0;
    }
}
