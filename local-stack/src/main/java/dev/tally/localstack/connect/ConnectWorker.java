package dev.tally.localstack.connect;

import dev.tally.localstack.process.ChildJvm;
import dev.tally.localstack.process.JavaCommand;
import dev.tally.localstack.process.ManagedProcess;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.LongConsumer;

/** The local Kafka Connect worker: a child JVM running {@link ConnectMain}, which can be killed and started again. */
public final class ConnectWorker implements AutoCloseable {

    private static final String NAME = "connect";

    private final ManagedProcess process;
    private final Path dir;
    private final int port;
    private final ConnectRestClient rest;

    private ConnectWorker(ManagedProcess process, Path dir, int port) {
        this.process = process;
        this.dir = dir;
        this.port = port;
        this.rest = new ConnectRestClient(url());
    }

    /**
     * Prepares the worker JVM; {@link #start} starts it. When it dies on its own (a crash, a SIGKILL from outside) it
     * is started again with the same port and config, and resumes its connectors from the config topic; only
     * {@link #kill()} leaves it down.
     *
     * @param onRestart told the new PID after each such restart
     */
    public static ConnectWorker create(Path dir, String bootstrapServers, int port, Duration offsetFlushInterval,
                                       String classpath, LongConsumer onRestart) {
        JavaCommand command = JavaCommand.main(ConnectMain.class.getName())
                // One machine shares its cores among every process: the serial collector has no concurrent threads.
                // Connect's CPU per change in the end-to-end row fell from 92 to 63-73 µs with it (BENCHMARKS.md).
                .jvmOptions("-Xms128m", "-Xmx768m", "-XX:+UseSerialGC")
                .argument("dir", dir)
                .argument("bootstrap-servers", bootstrapServers)
                .argument("port", port)
                .argument("offset-flush-interval-ms", offsetFlushInterval.toMillis());
        return new ConnectWorker(ChildJvm.supervisor(NAME, dir, classpath, command)
                .restartPolicy(ManagedProcess.RestartPolicy.ON_FAILURE)
                .onRestart(onRestart)
                .build(), dir, port);
    }

    public void start() {
        process.start();
    }

    /** SIGKILL, as a crash would; {@link #start} brings it back with the same port and config. */
    public void kill() {
        process.kill();
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return ChildJvm.logFile(NAME, dir);
    }

    public ConnectRestClient rest() {
        return rest;
    }

    /** Waits until the worker has joined its group and serves requests. */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastFailure = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka Connect exited during its start; see " + log() + " and " + process.output());
            }
            try {
                if (rest.isHealthy()) {
                    return;
                }
            } catch (IOException e) {
                lastFailure = e;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Kafka Connect on " + url() + " was not ready within " + timeout.toSeconds() + " s"
                + (lastFailure == null ? "" : " (last error: " + lastFailure + ")") + "; see " + log(), lastFailure);
    }

    @Override
    public void close() {
        process.stop();
    }
}
