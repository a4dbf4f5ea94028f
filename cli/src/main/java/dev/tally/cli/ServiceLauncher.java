package dev.tally.cli;

import dev.tally.localstack.RunningStack;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.process.JavaCommand;
import dev.tally.localstack.process.ManagedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Supervisors for Tally's services on a local stack: the runner jar, its port, Kafka, its database, the pipelines. */
public final class ServiceLauncher {

    private final Path root;
    private final RunningStack stack;
    private final String pipelines;
    private final Map<String, String> environment;

    public ServiceLauncher(Path root, RunningStack stack, List<Path> pipelineFiles) {
        this(root, stack, pipelineFiles, Map.of());
    }

    /** As {@link #ServiceLauncher(Path, RunningStack, List)}, the services getting {@code environment} too. */
    public ServiceLauncher(Path root, RunningStack stack, List<Path> pipelineFiles, Map<String, String> environment) {
        this.root = root;
        this.stack = stack;
        this.environment = Map.copyOf(environment);
        this.pipelines = pipelineFiles.stream().map(p -> p.toAbsolutePath().normalize().toString())
                .collect(Collectors.joining(","));
    }

    /**
     * A supervisor of {@code service} on {@code port}, restarted when it fails; its directory and
     * log ({@code <service>.log}) are under the stack's work directory. Add environment or hooks before building.
     */
    public ManagedProcess.Builder builder(TallyService service, int port) {
        return builder(service, port, List.of());
    }

    /** As {@link #builder(TallyService, int)}, with more JVM options (a profiler, another heap). */
    public ManagedProcess.Builder builder(TallyService service, int port, List<String> jvmOptions) {
        Path dir = stack.workDir().resolve(service.label());
        // The parallel collector: no concurrent marking or refinement threads and cheaper write barriers than G1 (on
        // the aggregation row G1's threads took twice the serial collector's CPU; the parallel one cost as the serial
        // one), and unlike the serial one its pauses use every core: with the serial collector the end-to-end p99
        // was 1.5-2x longer on two busy cores (BENCHMARKS.md).
        List<String> command = new ArrayList<>(List.of(JavaCommand.javaExecutable().toString(), "-Xmx256m",
                "-XX:+UseParallelGC", "-XX:+ExitOnOutOfMemoryError"));
        // More JVM options for every service, after the defaults so that they win (TALLY_JAVA_OPTIONS="-Xmx128m").
        String extra = System.getenv("TALLY_JAVA_OPTIONS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", service.runner(root).toString()));
        ManagedProcess.Builder builder = ManagedProcess.builder(service.label(), command)
                .directory(dir)
                .output(dir.resolve(service.label() + ".log"))
                .restartPolicy(ManagedProcess.RestartPolicy.ON_FAILURE)
                .restartDelay(Duration.ofSeconds(1))
                .stopTimeout(Duration.ofSeconds(20));
        // What the stack dictates comes last, so it wins over the caller's environment.
        environment.forEach(builder::environment);
        builder.environment("QUARKUS_HTTP_HOST", "127.0.0.1")
                .environment("QUARKUS_HTTP_PORT", String.valueOf(port))
                .environment("KAFKA_BOOTSTRAP_SERVERS", stack.kafkaBootstrapServers())
                .environment("TALLY_PIPELINES", pipelines)
                .environment("TALLY_STRIMZI_DIR", root.resolve("strimzi").toString());
        if (service.database() != null) {
            StackEndpoints endpoints = stack.endpoints();
            builder.environment("QUARKUS_DATASOURCE_JDBC_URL",
                            "jdbc:postgresql://127.0.0.1:" + endpoints.postgresPort() + "/" + service.database())
                    .environment("QUARKUS_DATASOURCE_REACTIVE_URL",
                            "postgresql://127.0.0.1:" + endpoints.postgresPort() + "/" + service.database())
                    .environment("QUARKUS_DATASOURCE_USERNAME", StackEndpoints.USER)
                    .environment("QUARKUS_DATASOURCE_PASSWORD", StackEndpoints.PASSWORD);
        }
        return builder;
    }

    /** Waits until the service answers ready, or fails naming its log. */
    public static void awaitReady(TallyService service, ManagedProcess process, int port, Duration timeout) {
        HealthProbe.awaitReady(service.label(), "http://127.0.0.1:" + port, timeout, process::isAlive, process.output());
    }
}
