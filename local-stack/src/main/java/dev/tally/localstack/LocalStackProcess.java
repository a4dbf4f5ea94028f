package dev.tally.localstack;

import dev.tally.localstack.process.ChildJvm;
import dev.tally.localstack.process.JavaCommand;
import dev.tally.localstack.process.ManagedProcess;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A local stack in a child JVM ({@link LocalStackMain}), for callers whose classpath lacks local-stack's dependencies,
 * such as Quarkus tests that depend on the local-stack jar alone. The child's classpath comes from
 * {@link LocalStackClasspath}. Uses nothing outside the JDK.
 */
public final class LocalStackProcess implements AutoCloseable {

    private static final String MAIN_CLASS = "dev.tally.localstack.LocalStackMain";
    private static final String NAME = "local-stack";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(90);
    /** Registering waits up to a minute for RUNNING; restarting Connect waits for the worker, then for each connector. */
    private static final Duration CONTROL_TIMEOUT = Duration.ofMinutes(5);

    private final Path dir;
    private final ManagedProcess process;
    private final Thread shutdownHook = new Thread(this::close, "local-stack-process-shutdown");
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private StackEndpoints endpoints;
    private String controlUrl;
    private boolean closed;

    private LocalStackProcess(Path dir, ManagedProcess process) {
        this.dir = dir;
        this.process = process;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The endpoints and PIDs written by the child; {@code connectPid} follows {@link #restartConnect()}. */
    public synchronized StackEndpoints endpoints() {
        return endpoints;
    }

    /** The PID of the LocalStackMain JVM. */
    public long pid() {
        return process.pid();
    }

    /** The directory of the child: its output, the ready file and the stack's work directory. */
    public Path dir() {
        return dir;
    }

    /** Creates the connector of {@code strimzi/connectors/<resourceName>.yaml} and waits until it runs; returns its name. */
    public String registerConnector(String resourceName) {
        return control("/connectors/" + URLEncoder.encode(resourceName, StandardCharsets.UTF_8));
    }

    /** Kills the Connect JVM with SIGKILL, as a crash would. */
    public void killConnect() {
        control("/connect/kill");
    }

    /** Starts Connect again and waits until it and every registered connector run. */
    public synchronized void restartConnect() {
        long connectPid = Long.parseLong(control("/connect/restart").trim());
        endpoints = new StackEndpoints(endpoints.kafkaBootstrapServers(), endpoints.connectUrl(), endpoints.postgresPort(),
                endpoints.postgresPid(), endpoints.kafkaPid(), connectPid, endpoints.localStackPid());
    }

    /** Stops the child (SIGTERM, which stops the whole stack), makes sure none of its processes is left, deletes {@link #dir()}. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        removeShutdownHook();
        if (!process.stop()) {
            killLeftovers();
        }
        WorkDirectory.delete(dir);
    }

    private void start(Duration timeout) {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        process.start();
        Path readyFile = readyFile(dir);
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!Files.exists(readyFile)) {
                if (!process.isAlive()) {
                    throw failure("LocalStackMain exited before the stack was ready");
                }
                if (System.nanoTime() > deadline) {
                    throw failure("The local stack was not ready within " + timeout.toSeconds() + " s");
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure("Interrupted while waiting for the local stack");
        }
        Map<String, String> ready = ReadyFile.read(readyFile);
        endpoints = StackEndpoints.fromReadyFile(ready, readyFile);
        controlUrl = ready.get(LocalStackMain.CONTROL_URL_KEY);
    }

    /** Stops the child, keeps only the logs, and describes the failure with the end of the child's output. */
    private IllegalStateException failure(String problem) {
        synchronized (this) {
            closed = true;
        }
        removeShutdownHook();
        if (!process.stop()) {
            killLeftovers();
        }
        WorkDirectory.deleteAllButLogs(dir);
        return new IllegalStateException(problem + ". The logs are kept in " + dir + "; the end of " + process.output()
                + ":\n" + tail(process.output(), 40));
    }

    private String control(String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(controlUrl + path))
                .timeout(CONTROL_TIMEOUT)
                .POST(HttpRequest.BodyPublishers.noBody())
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("The local stack could not do " + path + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("Cannot reach the local stack's control endpoint " + controlUrl + " for " + path
                    + ": " + e.getMessage() + "; see " + process.output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling the local stack for " + path, e);
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down, possibly running this very hook.
        }
    }

    /** The child had to be killed, so its own children may still be stopping; do not leave them behind. */
    private void killLeftovers() {
        if (endpoints == null) {
            return;
        }
        for (long pid : List.of(endpoints.connectPid(), endpoints.kafkaPid(), endpoints.postgresPid())) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private static Path readyFile(Path dir) {
        return dir.resolve("ready.env");
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")";
        }
    }

    /** Configures and starts a {@link LocalStackProcess}. */
    public static final class Builder {
        private Path workDir;
        private Path strimziDir;
        private final List<String> connectors = new ArrayList<>();
        private Duration startTimeout = Duration.ofMinutes(3);

        private Builder() {
        }

        /** The child's directory; must be new or empty, and is deleted on close. Default: a new temporary directory. */
        public Builder workDir(Path workDir) {
            this.workDir = workDir;
            return this;
        }

        /** The folder with {@code connectors/<name>.yaml}. Default: the nearest {@code strimzi/} at or above the working directory. */
        public Builder strimziDir(Path strimziDir) {
            this.strimziDir = strimziDir;
            return this;
        }

        /** Connectors to create before the stack counts as ready; their tables must exist by then. */
        public Builder connectors(String... resourceNames) {
            connectors.addAll(List.of(resourceNames));
            return this;
        }

        public Builder startTimeout(Duration startTimeout) {
            this.startTimeout = startTimeout;
            return this;
        }

        /**
         * Starts LocalStackMain and waits for its ready file.
         *
         * @throws IllegalStateException if it exits or is not ready in time, with the end of its output
         */
        public LocalStackProcess start() {
            Path dir = workDir == null ? WorkDirectory.createTemporary("tally-local-stack-") : WorkDirectory.createEmpty(workDir);
            LocalStackProcess stack;
            try {
                stack = new LocalStackProcess(dir, supervisor(dir));
            } catch (RuntimeException e) {
                WorkDirectory.delete(dir);
                throw e;
            }
            stack.start(startTimeout);
            return stack;
        }

        private ManagedProcess supervisor(Path dir) {
            JavaCommand command = JavaCommand.main(MAIN_CLASS)
                    .jvmOptions("-Xms64m", "-Xmx256m")
                    // Zonky writes a helper script to the temporary directory; keep it in ours.
                    .systemProperty("java.io.tmpdir", createDirectory(dir.resolve("tmp")))
                    .argument("work-dir", dir.resolve("stack"))
                    .argument("ready-file", readyFile(dir))
                    .argument("delete-on-exit", dir);
            Optional.ofNullable(strimziDir).or(StrimziDirectory::find).ifPresent(path -> command.argument("strimzi-dir", path));
            connectors.forEach(connector -> command.argument("connector", connector));
            return ChildJvm.supervisor(NAME, dir, LocalStackClasspath.get(), command).stopTimeout(STOP_TIMEOUT).build();
        }

        private static Path createDirectory(Path dir) {
            try {
                return Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot create " + dir + ": " + e.getMessage(), e);
            }
        }
    }
}
