package dev.tally.localstack;

import dev.tally.localstack.connect.ConfigPlaceholders;
import dev.tally.localstack.connect.ConnectWorker;
import dev.tally.localstack.connect.ConnectorRegistrar;
import dev.tally.localstack.connect.ConnectConfig;
import dev.tally.pipeline.connect.KafkaConnectorResource;
import dev.tally.pipeline.connect.KafkaConnectorResources;
import dev.tally.localstack.kafka.KafkaBroker;
import dev.tally.localstack.postgres.PostgresServer;
import java.lang.System.Logger.Level;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * A started local stack: its endpoints, its connectors, and the means to crash and restart Connect. The broker,
 * Connect and PostgreSQL are started again when they die on their own, as Kubernetes and Strimzi would. Close it to
 * stop everything.
 */
public final class RunningStack implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RunningStack.class.getName());
    private static final Duration POSTGRES_READY = Duration.ofSeconds(90);
    private static final Duration BROKER_READY = Duration.ofSeconds(60);
    private static final Duration CONNECT_READY = Duration.ofSeconds(120);
    private static final Duration CONNECTOR_RUNNING = Duration.ofSeconds(60);

    private final Path workDir;
    private final StackPorts ports;
    private final Optional<Path> strimziDir;
    private final Optional<String> connectPlugins;
    private final Duration connectOffsetFlushInterval;
    private final Thread shutdownHook = new Thread(this::close, "local-stack-shutdown");
    private final List<String> connectors = new CopyOnWriteArrayList<>();
    private final List<Runnable> restartListeners = new CopyOnWriteArrayList<>();

    // Set while starting, read later by other threads: the control endpoint's, the shutdown hook's.
    private volatile FutureTask<PostgresServer> postgresStart;
    private volatile PostgresServer postgres;
    private volatile KafkaBroker broker;
    private volatile ConnectWorker connect;
    private volatile ConnectorRegistrar registrar;
    private boolean closed;

    RunningStack(Path workDir, StackPorts ports, Optional<Path> strimziDir, Optional<String> connectPlugins,
                 Duration connectOffsetFlushInterval) {
        this.workDir = workDir;
        this.ports = ports;
        this.strimziDir = strimziDir;
        this.connectPlugins = connectPlugins;
        this.connectOffsetFlushInterval = connectOffsetFlushInterval;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    void startAll() throws InterruptedException {
        long start = System.nanoTime();
        String classpath = LocalStackClasspath.get();
        // Zonky and the Kafka admin client both log through SLF4J; initialise it before two threads race to do so.
        LoggerFactory.getILoggerFactory();
        postgresStart = new FutureTask<>(() -> PostgresServer.start(workDir.resolve("postgres"), ports.postgres(),
                pid -> restarted("PostgreSQL", pid)));
        Thread.ofPlatform().name("local-stack-postgres-start").start(postgresStart);
        broker = KafkaBroker.start(workDir.resolve("kafka"), ports.kafka(), ports.kafkaController(), classpath,
                pid -> restarted("Kafka", pid));
        broker.awaitReady(BROKER_READY);
        long brokerReady = System.nanoTime();
        String connectClasspath = connectPlugins.map(extra -> classpath + File.pathSeparator + extra).orElse(classpath);
        connect = ConnectWorker.create(workDir.resolve("connect"), broker.bootstrapServers(), ports.connect(),
                connectOffsetFlushInterval, connectClasspath, pid -> restarted("Kafka Connect", pid));
        connect.start();
        connect.awaitReady(CONNECT_READY);
        long connectReady = System.nanoTime();
        postgres = awaitPostgres();
        registrar = new ConnectorRegistrar(connect.rest(), connect.log());
        LOG.log(Level.INFO, "Local stack up in " + millisSince(start) + " ms (Kafka after " + (brokerReady - start) / 1_000_000
                + " ms, Connect after " + (connectReady - start) / 1_000_000 + " ms) in " + workDir);
    }

    /**
     * Runs {@code listener} each time a process of the stack that died on its own (a crash, a SIGKILL) has been
     * started again, on the same ports and data: its PID in {@link #endpoints()} has changed.
     */
    public void onRestart(Runnable listener) {
        restartListeners.add(listener);
    }

    private void restarted(String what, long pid) {
        LOG.log(Level.WARNING, what + " died and was started again (pid " + pid + ")");
        restartListeners.forEach(Runnable::run);
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    public String kafkaBootstrapServers() {
        return broker.bootstrapServers();
    }

    public String connectUrl() {
        return connect.url();
    }

    public int postgresPort() {
        return postgres.port();
    }

    /** A JDBC URL with user and password, e.g. {@code jdbc:postgresql://127.0.0.1:5432/source?user=postgres&password=postgres}. */
    public String jdbcUrl(String database) {
        return endpoints().jdbcUrl(database);
    }

    /** A libpq URL that psql accepts, e.g. {@code postgresql://postgres:postgres@127.0.0.1:5432/source}. */
    public String postgresUrl(String database) {
        return endpoints().postgresUrl(database);
    }

    /** The PID of the postmaster. */
    public long postgresPid() {
        return postgres.pid();
    }

    public long kafkaPid() {
        return broker.pid();
    }

    /** The PID of the Connect JVM running now (it changes with {@link #restartConnect()}). */
    public long connectPid() {
        return connect.pid();
    }

    public Path workDir() {
        return workDir;
    }

    public StackEndpoints endpoints() {
        return new StackEndpoints(broker.bootstrapServers(), connect.url(), postgres.port(), postgres.pid(), broker.pid(),
                connect.pid(), ProcessHandle.current().pid());
    }

    /**
     * Creates the connector described by {@code <strimzi dir>/connectors/<resourceName>.yaml}, with its placeholders
     * filled with this stack's values, and waits until it and its tasks are RUNNING.
     *
     * @return the connector's name ({@code metadata.name})
     * @throws IllegalStateException if it does not run within a minute, with the task's trace if it FAILED
     */
    public String registerConnector(String resourceName) {
        KafkaConnectorResource resource = new KafkaConnectorResources(strimziDir.orElseGet(StrimziDirectory::locate)).read(resourceName);
        try {
            registrar.register(resource.name(), ConnectConfig.of(resource, ConfigPlaceholders.forStack(endpoints())), CONNECTOR_RUNNING);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while registering connector " + resource.name(), e);
        }
        connectors.add(resource.name());
        return resource.name();
    }

    /** Kills the Connect JVM with SIGKILL, as a crash would, and waits until it is gone. */
    public void killConnect() {
        connect.kill();
    }

    /** Starts Connect again (same port and config) and waits until it and every registered connector run again. */
    public void restartConnect() {
        try {
            connect.start();
            connect.awaitReady(CONNECT_READY);
            for (String connector : connectors) {
                registrar.awaitRunning(connector, CONNECTOR_RUNNING);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while restarting Kafka Connect", e);
        }
    }

    /** Stops Connect, the broker and PostgreSQL, then deletes the work directory. Safe to call more than once. */
    @Override
    public void close() {
        stop(WorkDirectory::delete);
    }

    /** After a failed start: stops whatever runs and deletes everything but the logs, which the error points at. */
    void abort() {
        stop(WorkDirectory::deleteAllButLogs);
    }

    /** Synchronized as a whole: a second caller (the shutdown hook, say) returns only once everything is stopped. */
    private synchronized void stop(Consumer<Path> cleanUp) {
        if (closed) {
            return;
        }
        closed = true;
        removeShutdownHook();
        long start = System.nanoTime();
        IllegalStateException failure = null;
        StringBuilder timings = new StringBuilder();
        Map<String, AutoCloseable> components = new LinkedHashMap<>();
        components.put("Connect", connect);
        components.put("Kafka", broker);
        components.put("PostgreSQL", this::closePostgres);
        for (Map.Entry<String, AutoCloseable> component : components.entrySet()) {
            long componentStart = System.nanoTime();
            try {
                if (component.getValue() != null) {
                    component.getValue().close();
                }
            } catch (Exception e) {
                LOG.log(Level.WARNING, "Could not stop " + component.getKey() + " cleanly: " + e.getMessage(), e);
                failure = failure == null ? new IllegalStateException("The local stack did not stop cleanly", e) : failure;
            }
            timings.append(timings.isEmpty() ? "" : ", ").append(component.getKey()).append(' ').append(millisSince(componentStart)).append(" ms");
        }
        cleanUp.accept(workDir);
        LOG.log(Level.INFO, "Local stack stopped in " + millisSince(start) + " ms (" + timings + ")");
        if (failure != null) {
            throw failure;
        }
    }

    private void closePostgres() throws InterruptedException {
        if (postgres != null) {
            postgres.close();
            return;
        }
        if (postgresStart == null) {
            return;
        }
        // The start failed elsewhere while PostgreSQL was still coming up: let it finish, then stop it.
        try {
            postgresStart.get(POSTGRES_READY.toSeconds(), TimeUnit.SECONDS).close();
        } catch (ExecutionException e) {
            // It failed to start, and its start cleaned up after itself.
        } catch (TimeoutException e) {
            postgresStart.cancel(true);
        }
    }

    private PostgresServer awaitPostgres() throws InterruptedException {
        try {
            return postgresStart.get(POSTGRES_READY.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("PostgreSQL did not start: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("PostgreSQL did not start within " + POSTGRES_READY.toSeconds() + " s; see "
                    + workDir.resolve("postgres/postgres.log"), e);
        }
    }

    private void removeShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down, possibly running this very hook.
        }
    }
}
