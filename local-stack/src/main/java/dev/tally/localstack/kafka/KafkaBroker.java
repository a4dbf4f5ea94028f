package dev.tally.localstack.kafka;

import dev.tally.localstack.process.ChildJvm;
import dev.tally.localstack.process.JavaCommand;
import dev.tally.localstack.process.ManagedProcess;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** The local Kafka broker: a child JVM running {@link BrokerMain}. */
public final class KafkaBroker implements AutoCloseable {

    private static final String NAME = "kafka";

    private final ManagedProcess process;
    private final Path dir;
    private final int port;

    private KafkaBroker(ManagedProcess process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
    }

    /**
     * Starts the broker JVM; {@link #awaitReady} waits until it serves requests. When it dies on its own (a crash, a
     * SIGKILL) it is started again on the same data directory and ports, as Kubernetes restarts a broker pod.
     *
     * @param onRestart told the new PID after each such restart
     */
    public static KafkaBroker start(Path dir, int port, int controllerPort, String classpath, LongConsumer onRestart) {
        JavaCommand command = JavaCommand.main(BrokerMain.class.getName())
                // One machine shares its cores among every process: the serial collector has no concurrent threads.
                // Chosen with Connect's (measured there, BENCHMARKS.md); the broker's own CPU per change did not move
                // beyond its spread.
                .jvmOptions("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC")
                .argument("dir", dir)
                .argument("port", port)
                .argument("controller-port", controllerPort);
        ManagedProcess process = ChildJvm.supervisor(NAME, dir, classpath, command)
                .restartPolicy(ManagedProcess.RestartPolicy.ON_FAILURE)
                .onRestart(onRestart)
                .build();
        process.start();
        return new KafkaBroker(process, dir, port);
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return ChildJvm.logFile(NAME, dir);
    }

    /** Waits until the broker is registered and unfenced (it is listed by DescribeCluster). */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 200);
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("The Kafka broker exited during its start; see " + log() + " and "
                            + process.output());
                }
                try {
                    if (!admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    lastFailure = e;
                }
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("The Kafka broker on " + bootstrapServers() + " was not ready within "
                + timeout.toSeconds() + " s" + (lastFailure == null ? "" : " (last error: " + lastFailure.getMessage() + ")")
                + "; see " + log(), lastFailure);
    }

    @Override
    public void close() {
        process.stop();
    }
}
