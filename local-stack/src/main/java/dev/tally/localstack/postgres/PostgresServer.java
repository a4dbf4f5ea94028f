package dev.tally.localstack.postgres;

import dev.tally.localstack.StackEndpoints;
import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.embedded.PgBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * The local PostgreSQL 17 server with logical decoding, run as a real postgres process from zonky's embedded
 * binaries, with binaries, data and log all under one directory. A postmaster that dies on its own is started again
 * ({@link PostmasterSupervisor}).
 */
public final class PostgresServer implements AutoCloseable {

    private static final String USER = StackEndpoints.USER;
    private static final String PASSWORD = StackEndpoints.PASSWORD;
    private static final List<String> DATABASES = StackEndpoints.DATABASES;

    /** Zonky reads its scratch directory from this system property when its builder is created. */
    private static final String ZONKY_WORKING_DIR_PROPERTY = "ot.epg.working-dir";
    private static final Object ZONKY_BUILDER_LOCK = new Object();

    private final EmbeddedPostgres postgres;
    private final Path log;
    private final long firstPid;
    private PostmasterSupervisor supervisor;

    private PostgresServer(EmbeddedPostgres postgres, Path log, long pid) {
        this.postgres = postgres;
        this.log = log;
        this.firstPid = pid;
    }

    /**
     * Extracts the binaries into {@code dir}, initialises a cluster, starts it on {@code port}, creates
     * {@link StackEndpoints#DATABASES}, and from then on starts it again whenever it dies on its own.
     *
     * @param onRestart told the new postmaster's PID after each such restart
     */
    public static PostgresServer start(Path dir, int port, LongConsumer onRestart) {
        Path dataDirectory = dir.resolve("data");
        Path log = dir.resolve("postgres.log");
        EmbeddedPostgres postgres;
        try {
            Files.createDirectories(dir);
            postgres = builder(dir).setPort(port)
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(true)
                    .setRegisterShutdownHook(false)
                    .setOverrideWorkingDirectory(dir.resolve("binaries").toFile())
                    .setPgBinaryResolver(new OwnBinaries())
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setLocaleConfig("locale", "C")
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("wal_level", "logical")
                    .setServerConfig("max_replication_slots", "20")
                    .setServerConfig("max_wal_senders", "20")
                    // Zonky turns it off, which delays logical decoding of each commit by about 200 ms.
                    .setServerConfig("synchronous_commit", "on")
                    .start();
        } catch (IOException | RuntimeException e) {
            killStartedPostmaster(dataDirectory);
            throw new IllegalStateException("PostgreSQL did not start on 127.0.0.1:" + port + ": " + e.getMessage()
                    + "; see " + log, e);
        }
        PostgresServer server;
        try {
            server = new PostgresServer(postgres, log, readPostmasterPid(dataDirectory));
        } catch (RuntimeException e) {
            stopPostgres(postgres);
            throw e;
        }
        try {
            server.createDatabases();
            server.supervisor = PostmasterSupervisor.start(dir.resolve("binaries"), dataDirectory, log, port,
                    server.firstPid, onRestart);
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** The PID of the postmaster running now. */
    public long pid() {
        return supervisor == null ? firstPid : supervisor.pid();
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port() + "/" + database, USER, PASSWORD);
    }

    /** Stops the server ({@code pg_ctl stop -m fast}) and deletes its data directory. */
    @Override
    public void close() {
        long running = pid();
        if (supervisor != null) {
            supervisor.close();
        }
        try {
            stopPostgres(postgres);
        } finally {
            // pg_ctl gives up after 5 s; do not leave a postmaster behind if it did.
            ProcessHandle.of(running).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private void createDatabases() {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            statement.execute("ALTER ROLE " + USER + " PASSWORD '" + PASSWORD + "'");
            for (String database : DATABASES) {
                statement.execute("CREATE DATABASE " + database);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create the databases " + DATABASES + " in the local PostgreSQL on port "
                    + port() + ": " + e.getMessage() + "; see " + log, e);
        }
    }

    private static EmbeddedPostgres.Builder builder(Path dir) {
        // Zonky keeps a scratch directory, by default /tmp/embedded-pg; point it into our directory instead.
        synchronized (ZONKY_BUILDER_LOCK) {
            String previous = System.getProperty(ZONKY_WORKING_DIR_PROPERTY);
            System.setProperty(ZONKY_WORKING_DIR_PROPERTY, dir.resolve("zonky").toString());
            try {
                return EmbeddedPostgres.builder();
            } finally {
                if (previous == null) {
                    System.clearProperty(ZONKY_WORKING_DIR_PROPERTY);
                } else {
                    System.setProperty(ZONKY_WORKING_DIR_PROPERTY, previous);
                }
            }
        }
    }

    /** Zonky gives up without stopping a postmaster that started but did not answer in time. */
    private static void killStartedPostmaster(Path dataDirectory) {
        if (Files.exists(dataDirectory.resolve("postmaster.pid"))) {
            try {
                ProcessHandle.of(readPostmasterPid(dataDirectory)).ifPresent(ProcessHandle::destroyForcibly);
            } catch (IllegalStateException e) {
                // A half-written PID file: the postmaster died while starting.
            }
        }
    }

    private static long readPostmasterPid(Path dataDirectory) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            return Long.parseLong(Files.readAllLines(pidFile).getFirst().trim());
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("Cannot read the postmaster PID from " + pidFile + ": " + e.getMessage(), e);
        }
    }

    /** Zonky logs and swallows a failing pg_ctl stop, and only declares IOException. */
    private static void stopPostgres(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not stop PostgreSQL: " + e.getMessage(), e);
        }
    }

    /**
     * Zonky's default binary source under a new identity: zonky caches extracted binaries per resolver for the life of
     * the JVM, and a stack's binaries are deleted with its directory, so every server extracts its own.
     */
    private static final class OwnBinaries implements PgBinaryResolver {
        @Override
        public InputStream getPgBinary(String system, String machineHardware) throws IOException {
            return DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, machineHardware);
        }
    }
}
