package dev.tally.localstack.postgres;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.process.OrphanReaper;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * Starts PostgreSQL again when its postmaster dies without being asked to (a crash, a SIGKILL), on the same data
 * directory and port with the settings it was started with, as Kubernetes restarts a database pod. The backends a
 * dead postmaster leaves behind still hold its shared memory, which a new postmaster refuses to share: they are ended
 * first. The new postmaster runs in the foreground as a child of this JVM, guarded by an {@link OrphanReaper}.
 */
final class PostmasterSupervisor implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(PostmasterSupervisor.class.getName());
    private static final Duration CHECK = Duration.ofMillis(500);
    private static final Duration READY = Duration.ofSeconds(60);
    private static final Duration ORPHANS_GONE = Duration.ofSeconds(10);

    private final Path binary;
    private final Path dataDirectory;
    private final Path log;
    private final int port;
    private final List<String> settings;
    private final LongConsumer onRestart;
    private final Thread watcher;
    private volatile long pid;
    private volatile OrphanReaper reaper;
    private volatile boolean closed;

    /**
     * @param binary    the server's {@code bin/postgres}
     * @param settings  the {@code -c name=value} arguments it was started with
     * @param pid       the running postmaster
     * @param onRestart told the new PID after each restart
     */
    private PostmasterSupervisor(Path binary, Path dataDirectory, Path log, int port, List<String> settings, long pid,
                                 LongConsumer onRestart) {
        this.binary = binary;
        this.dataDirectory = dataDirectory;
        this.log = log;
        this.port = port;
        this.settings = List.copyOf(settings);
        this.pid = pid;
        this.onRestart = onRestart;
        this.reaper = OrphanReaper.start(ProcessHandle.current().pid(), pid);
        this.watcher = Thread.ofPlatform().daemon().name("postgres-supervisor").unstarted(this::watch);
    }

    /**
     * Supervises the postmaster {@code pid} serving {@code dataDirectory} on {@code port}, with the binaries
     * extracted under {@code binaries}; reads the settings it was started with from the server itself.
     */
    static PostmasterSupervisor start(Path binaries, Path dataDirectory, Path log, int port, long pid,
                                      LongConsumer onRestart) {
        PostmasterSupervisor supervisor = new PostmasterSupervisor(postgresBinary(binaries), dataDirectory, log, port,
                commandLineSettings(port), pid, onRestart);
        supervisor.watcher.start();
        return supervisor;
    }

    long pid() {
        return pid;
    }

    /** Stops watching; the caller stops the server. */
    @Override
    public void close() {
        closed = true;
        watcher.interrupt();
        reaper.close();
    }

    private void watch() {
        while (!closed) {
            try {
                Thread.sleep(CHECK);
            } catch (InterruptedException e) {
                return;
            }
            if (closed || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                continue;
            }
            LOG.log(Level.WARNING, "PostgreSQL's postmaster (pid " + pid + ") died; starting it again on port " + port);
            try {
                restart();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "PostgreSQL could not be started again (trying again): " + e.getMessage()
                        + "; see " + log, e);
            }
        }
    }

    private synchronized void restart() {
        endOrphans();
        try {
            // The lock file names the dead postmaster; a new one would wait on it if its PID were reused meanwhile.
            Files.deleteIfExists(dataDirectory.resolve("postmaster.pid"));
            List<String> command = new ArrayList<>();
            if (LinuxUtils.isUnshareAvailable()) {
                // As zonky starts it: PostgreSQL refuses to run as root, and a new user namespace maps root away.
                command.addAll(List.of("unshare", "-U"));
            }
            command.addAll(List.of(binary.toString(), "-D", dataDirectory.toString(), "-p", String.valueOf(port)));
            command.addAll(settings);
            Process started = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
            awaitReady(started);
            reaper.close();
            reaper = OrphanReaper.start(ProcessHandle.current().pid(), started.pid());
            pid = started.pid();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + binary + ": " + e.getMessage(), e);
        }
        LOG.log(Level.INFO, "PostgreSQL runs again on port " + port + " (pid " + pid + ")");
        onRestart.accept(pid);
    }

    /** Ends the processes of this server's binary that outlived their postmaster. */
    private void endOrphans() {
        List<ProcessHandle> orphans = ProcessHandle.allProcesses()
                .filter(process -> process.info().command().map(binary.toString()::equals).orElse(false))
                .toList();
        orphans.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + ORPHANS_GONE.toNanos();
        while (orphans.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(50));
        }
    }

    private void awaitReady(Process started) {
        long deadline = System.nanoTime() + READY.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                throw new IllegalStateException("the restarted postmaster exited with code " + started.exitValue()
                        + "; the end of its log: " + logTail());
            }
            try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                    + "/postgres", StackEndpoints.USER, StackEndpoints.PASSWORD)) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(Duration.ofMillis(200));
        }
        started.destroyForcibly();
        throw new IllegalStateException("the restarted postmaster did not accept connections within "
                + READY.toSeconds() + " s" + (last == null ? "" : ": " + last.getMessage()));
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException | RuntimeException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** What the server was started with on its command line, as {@code -c name=value} arguments. */
    private static List<String> commandLineSettings(int port) {
        List<String> settings = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                StackEndpoints.USER, StackEndpoints.PASSWORD);
             var rows = connection.createStatement().executeQuery("SELECT name, setting FROM pg_settings "
                     + "WHERE source = 'command line' AND name NOT IN ('port', 'data_directory')")) {
            while (rows.next()) {
                settings.add("-c");
                settings.add(rows.getString(1) + "=" + rows.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read PostgreSQL's settings on port " + port + ": "
                    + e.getMessage(), e);
        }
        return settings;
    }

    private static Path postgresBinary(Path binaries) {
        try (Stream<Path> files = Files.walk(binaries)) {
            return files.filter(file -> file.getFileName().toString().equals("postgres")
                            && file.getParent().getFileName().toString().equals("bin") && Files.isExecutable(file))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no bin/postgres under " + binaries));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for bin/postgres under " + binaries + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
