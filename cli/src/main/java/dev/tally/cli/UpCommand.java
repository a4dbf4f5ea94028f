package dev.tally.cli;

import dev.tally.localstack.ReadyFile;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineDefinitionException;
import dev.tally.pipeline.model.HttpSinkDefinition;
import dev.tally.pipeline.model.SinkDefinition;
import dev.tally.pipeline.model.SourceDefinition;
import dev.tally.pipeline.model.SqlSinkDefinition;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the local stack and Tally's services with an example or a pipeline; stays in the foreground until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts Kafka, PostgreSQL and Kafka Connect with Debezium on this machine, creates the source "
                + "schema, starts the ingest, aggregator and publisher services, registers the connectors and runs "
                + "the pipelines; stops everything on Ctrl-C.",
                "Writes .tally/local.env (KEY=VALUE: URLs, PIDs and the development tokens TALLY_OPERATOR_TOKEN, "
                        + "TALLY_VIEWER_TOKEN and TALLY_PRODUCER_TOKEN) while it runs."})
final class UpCommand implements Callable<Integer> {

    @ArgGroup(multiplicity = "1")
    What what;

    static final class What {
        @Option(names = "--example", paramLabel = "NAME", description = "An example under examples/, e.g. orders.")
        String example;

        @Option(names = "--pipeline", paramLabel = "FILE", description = "A pipeline file.")
        Path pipeline;
    }

    @Option(names = "--source-sql", paramLabel = "FILE",
            description = "With --pipeline: an SQL script creating the source tables in the source database.")
    Path sourceSql;

    private final PrintStream out = System.out;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Workspace workspace = Workspace.current();
        refuseIfRunning(workspace);

        List<Path> pipelineFiles;
        Optional<Path> schema;
        if (what.example != null) {
            Example example = Example.of(workspace, what.example);
            pipelineFiles = example.pipelines();
            schema = example.schema();
        } else {
            pipelineFiles = List.of(what.pipeline.toAbsolutePath());
            schema = Optional.ofNullable(sourceSql).map(Path::toAbsolutePath);
        }

        Files.createDirectories(workspace.stateDir());
        AtomicBoolean stopping = new AtomicBoolean();
        LocalRun run;
        try {
            run = LocalRun.start(workspace.root(), pipelineFiles, schema, workspace.stackDir(), env -> {
                if (!stopping.get()) {
                    ReadyFile.write(workspace.localEnv(), env);
                }
            });
        } catch (PipelineDefinitionException e) {
            System.err.println(e.getMessage());
            workspace.removeStateDirIfEmpty();
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopping.set(true);
            out.println("\ntally: stopping ...");
            run.close();
            try {
                Files.deleteIfExists(workspace.localEnv());
                workspace.removeStateDirIfEmpty();
            } catch (Exception e) {
                System.err.println("tally: could not remove " + workspace.localEnv() + ": " + e.getMessage());
            }
            stopped.countDown();
        }, "tally-shutdown"));

        printSummary(run, workspace, (System.nanoTime() - started) / 1_000_000);
        stopped.await();
        return 0;
    }

    private static String describe(SinkDefinition sink) {
        return switch (sink) {
            case SqlSinkDefinition sql -> "table " + sql.table() + " (sink database)";
            case HttpSinkDefinition http -> describe(http);
        };
    }

    /** The endpoint without its query, which may carry credentials; or why the sink is left out. */
    private static String describe(HttpSinkDefinition http) {
        Optional<String> skipped = http.skipReason(variable -> Optional.ofNullable(System.getenv(variable)));
        if (skipped.isPresent()) {
            return "no HTTP sink '" + http.name() + "' (" + http.urlFrom().orElseThrow().variable() + " is not set)";
        }
        String url = http.url().orElseGet(() -> Optional.ofNullable(System.getenv(http.urlFrom().orElseThrow()
                .variable())).orElse("$" + http.urlFrom().orElseThrow().variable()));
        return "POST " + url.replaceFirst("\\?.*", "?...")
                + http.urlFrom().map(ref -> " (from " + ref.variable() + ")").orElse("")
                + (http.batching().enabled() ? ", batches of up to " + http.batching().maxSize() : "");
    }

    private static void refuseIfRunning(Workspace workspace) {
        if (!Files.exists(workspace.localEnv())) {
            return;
        }
        String pid = ReadyFile.read(workspace.localEnv()).get("TALLY_PID");
        if (pid != null && ProcessHandle.of(Long.parseLong(pid)).map(ProcessHandle::isAlive).orElse(false)) {
            throw new IllegalStateException("a local stack is already running (tally pid " + pid
                    + "); stop it with ./tally down");
        }
    }

    private void printSummary(LocalRun run, Workspace workspace, long millis) {
        var stack = run.stack();
        out.printf("%ntally: ready in %.1f s%n%n", millis / 1000.0);
        out.printf("  %-24s %s%n", "Kafka", stack.kafkaBootstrapServers());
        out.printf("  %-24s %s%n", "Kafka Connect", stack.connectUrl());
        out.printf("  %-24s %s%n", "PostgreSQL source", stack.postgresUrl("source"));
        out.printf("  %-24s %s%n", "PostgreSQL tally", stack.postgresUrl("tally"));
        out.printf("  %-24s %s%n", "PostgreSQL sink", stack.postgresUrl("sink"));
        for (TallyService service : TallyService.values()) {
            out.printf("  %-24s %s (pid %d)%n", service.module(), run.url(service), run.service(service).pid());
        }
        out.printf("  %-24s %s%n", "connectors", String.join(", ", run.connectors()));
        for (CompiledPipeline pipeline : run.pipelines()) {
            out.printf("  %-24s %s -> %s%n", "pipeline " + pipeline.name(),
                    pipeline.pipeline().sources().stream().map(SourceDefinition::name).collect(Collectors.joining(", ")),
                    pipeline.pipeline().sinks().stream().map(UpCommand::describe).collect(Collectors.joining(", ")));
        }
        out.printf("%n  development tokens (signed with the key in %s, valid 30 days):%n",
                workspace.root().relativize(workspace.stateDir().resolve("jwt")));
        out.printf("  %-24s %s%n", "TALLY_OPERATOR_TOKEN", run.operatorToken());
        out.printf("  %-24s %s%n", "TALLY_VIEWER_TOKEN", run.viewerToken());
        out.printf("  %-24s %s%n", "TALLY_PRODUCER_TOKEN", run.producerToken());
        out.printf("  e.g. curl -H \"Authorization: Bearer $TALLY_VIEWER_TOKEN\" %s/api/pipelines/%s/aggregates%n",
                run.url(TallyService.AGGREGATOR), run.pipelines().iterator().next().name());
        out.printf("%n  environment: %s (in a shell: set -a; . %s; set +a)%n", workspace.localEnv(),
                workspace.root().relativize(workspace.localEnv()));
        out.printf("  logs:        %s/<component>/<component>.log%n", workspace.stackDir());
        out.printf("%nPress Ctrl-C (or run ./tally down) to stop.%n");
    }
}
