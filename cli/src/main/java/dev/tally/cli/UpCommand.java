package dev.tally.cli;

import dev.tally.localstack.LocalStack;
import dev.tally.localstack.ReadyFile;
import dev.tally.localstack.RunningStack;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineDefinitionException;
import dev.tally.pipeline.load.PipelineLoader;
import dev.tally.pipeline.model.SourceDefinition;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Starts the local stack with an example or a pipeline, and stays in the foreground until Ctrl-C. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Starts Kafka, PostgreSQL and Kafka Connect with Debezium on this machine, creates the source "
                + "schema, registers the connectors and runs the pipeline; stops everything on Ctrl-C.",
                "Writes .tally/local.env (KEY=VALUE: URLs and PIDs) while it runs."})
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
            pipelineFiles = List.of(what.pipeline);
            schema = Optional.ofNullable(sourceSql);
        }
        List<CompiledPipeline> pipelines = new ArrayList<>();
        for (Path file : pipelineFiles) {
            try {
                pipelines.add(new PipelineLoader().load(file));
            } catch (PipelineDefinitionException e) {
                System.err.println(e.getMessage());
                return 2;
            }
        }

        Files.createDirectories(workspace.stateDir());
        RunningStack stack = LocalStack.builder()
                .workDir(workspace.stackDir())
                .strimziDir(workspace.strimziDir())
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("\ntally: stopping ...");
            stack.close();
            try {
                Files.deleteIfExists(workspace.localEnv());
                workspace.removeStateDirIfEmpty();
            } catch (Exception e) {
                System.err.println("tally: could not remove " + workspace.localEnv() + ": " + e.getMessage());
            }
            stopped.countDown();
        }, "tally-shutdown"));

        schema.ifPresent(script -> SourceSchema.apply(script, stack.jdbcUrl("source")));
        for (String connector : connectors(pipelines)) {
            stack.registerConnector(connector);
        }

        Map<String, String> env = new LinkedHashMap<>(stack.endpoints().toReadyFile());
        env.put("TALLY_PID", String.valueOf(ProcessHandle.current().pid()));
        ReadyFile.write(workspace.localEnv(), env);

        printSummary(stack, pipelines, connectors(pipelines), workspace, (System.nanoTime() - started) / 1_000_000);
        stopped.await();
        return 0;
    }

    private static Set<String> connectors(List<CompiledPipeline> pipelines) {
        Set<String> connectors = new LinkedHashSet<>();
        for (CompiledPipeline pipeline : pipelines) {
            for (SourceDefinition source : pipeline.pipeline().sources()) {
                source.connector().ifPresent(connectors::add);
            }
        }
        return connectors;
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

    private void printSummary(RunningStack stack, List<CompiledPipeline> pipelines, Set<String> connectors,
                              Workspace workspace, long millis) {
        out.printf("%ntally: ready in %.1f s%n%n", millis / 1000.0);
        out.printf("  %-22s %s%n", "Kafka", stack.kafkaBootstrapServers());
        out.printf("  %-22s %s%n", "Kafka Connect", stack.connectUrl());
        out.printf("  %-22s %s%n", "PostgreSQL source", stack.postgresUrl("source"));
        out.printf("  %-22s %s%n", "PostgreSQL tally", stack.postgresUrl("tally"));
        out.printf("  %-22s %s%n", "PostgreSQL sink", stack.postgresUrl("sink"));
        out.printf("  %-22s %s%n", "connectors", String.join(", ", connectors));
        for (CompiledPipeline pipeline : pipelines) {
            out.printf("  %-22s %s -> %s%n", "pipeline " + pipeline.name(), pipeline.pipeline().sources().stream()
                    .map(SourceDefinition::name).toList(), pipeline.pipeline().changesTopic());
        }
        out.printf("%n  environment: %s (source it: set -a; . %s; set +a)%n", workspace.localEnv(),
                workspace.root().relativize(workspace.localEnv()));
        out.printf("  logs:        %s%n", workspace.stackDir().resolve("logs"));
        out.printf("%nPress Ctrl-C (or run ./tally down) to stop.%n");
    }
}
