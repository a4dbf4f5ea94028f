package dev.tally.localstack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Starts Tally's local infrastructure from Maven artifacts alone: a Kafka broker (KRaft, one node), PostgreSQL 17
 * with logical decoding (databases source, tally and sink) and a Kafka Connect worker with Debezium, all on free
 * loopback ports. Use {@code try (RunningStack stack = LocalStack.builder().start()) {...}}.
 */
public final class LocalStack {

    private Path workDir;
    private Path strimziDir;
    private int postgresPort;
    private int kafkaPort;
    private int kafkaControllerPort;
    private int connectPort;
    private String connectPlugins;
    private Duration connectOffsetFlushInterval = Duration.ofSeconds(1);

    private LocalStack() {
    }

    public static LocalStack builder() {
        return new LocalStack();
    }

    /** The directory that holds everything of the stack; must be new or empty, and is deleted on close. Default: a new temporary directory. */
    public LocalStack workDir(Path workDir) {
        this.workDir = workDir;
        return this;
    }

    /** The folder with {@code connectors/<name>.yaml}. Default: the nearest {@code strimzi/} at or above the working directory. */
    public LocalStack strimziDir(Path strimziDir) {
        this.strimziDir = strimziDir;
        return this;
    }

    /** A fixed PostgreSQL port instead of a free one. */
    public LocalStack postgresPort(int port) {
        this.postgresPort = port;
        return this;
    }

    /** A fixed Kafka listener port instead of a free one. */
    public LocalStack kafkaPort(int port) {
        this.kafkaPort = port;
        return this;
    }

    /** A fixed port for the KRaft controller listener instead of a free one. */
    public LocalStack kafkaControllerPort(int port) {
        this.kafkaControllerPort = port;
        return this;
    }

    /** A fixed Kafka Connect REST port instead of a free one. */
    public LocalStack connectPort(int port) {
        this.connectPort = port;
        return this;
    }

    /** More jars for the Connect worker's classpath, after its own: further connectors, such as a sink to compare with. */
    public LocalStack connectPlugins(String classpath) {
        this.connectPlugins = classpath;
        return this;
    }

    /**
     * How often the Connect worker flushes its source connectors' offsets (default 1 s). A connector killed between
     * two flushes sends the changes since the last flush again when it comes back.
     */
    public LocalStack connectOffsetFlushInterval(Duration interval) {
        this.connectOffsetFlushInterval = interval;
        return this;
    }

    /**
     * Starts PostgreSQL and the broker in parallel, then Connect, and returns once all answer.
     *
     * @throws IllegalStateException naming the component that did not start and its log file; whatever had started is
     *                               stopped and everything but the logs deleted
     */
    public RunningStack start() {
        Path dir = workDir == null ? WorkDirectory.createTemporary("tally-local-stack-") : WorkDirectory.createEmpty(workDir);
        StackPorts ports = new StackPorts(postgresPort, kafkaPort, kafkaControllerPort, connectPort).withFreePorts();
        RunningStack stack = new RunningStack(dir, ports, Optional.ofNullable(strimziDir), Optional.ofNullable(connectPlugins),
                connectOffsetFlushInterval);
        try {
            stack.startAll();
            return stack;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stack.close();
            throw new IllegalStateException("Interrupted while starting the local stack", e);
        } catch (RuntimeException e) {
            stack.abort();
            throw new IllegalStateException(e.getMessage() + " (the logs are kept in " + dir + ")", e);
        }
    }
}
