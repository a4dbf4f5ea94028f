package dev.tally.localstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Supervises one operating-system process: starts it, restarts it when it dies on its own (if its policy says so)
 * and stops it, first with SIGTERM and then, after a bound, with SIGKILL.
 */
public final class ManagedProcess implements AutoCloseable {

    /** What to do when the process exits without having been asked to. */
    public enum RestartPolicy {
        NEVER,
        /** Restart when the exit code is not 0. */
        ON_FAILURE,
        ALWAYS
    }

    private static final System.Logger LOG = System.getLogger(ManagedProcess.class.getName());
    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final String name;
    private final List<String> command;
    private final Path directory;
    private final Path output;
    private final Map<String, String> environment;
    private final RestartPolicy restartPolicy;
    private final Duration restartDelay;
    private final Duration stopTimeout;
    private final LongConsumer onStart;
    private final LongConsumer onRestart;

    private Process process;
    private Thread stopOnExit;
    /** Set while the process is meant to be down, so that its exit is not taken for a crash. */
    private boolean stopRequested = true;
    private int restarts;

    private ManagedProcess(Builder builder) {
        this.name = builder.name;
        this.command = List.copyOf(builder.command);
        this.directory = builder.directory;
        this.output = builder.output;
        this.environment = Map.copyOf(builder.environment);
        this.restartPolicy = builder.restartPolicy;
        this.restartDelay = builder.restartDelay;
        this.stopTimeout = builder.stopTimeout;
        this.onStart = builder.onStart;
        this.onRestart = builder.onRestart;
    }

    public static Builder builder(String name, List<String> command) {
        return new Builder(name, command);
    }

    public String name() {
        return name;
    }

    /** The file that receives the process's standard output and error. */
    public Path output() {
        return output;
    }

    /** Starts the process; does nothing if it is already running. It is stopped when this JVM exits. */
    public synchronized ManagedProcess start() {
        if (stopOnExit == null) {
            stopOnExit = new Thread(this::stop, name + "-stop-on-exit");
            Runtime.getRuntime().addShutdownHook(stopOnExit);
        }
        stopRequested = false;
        if (process == null || !process.isAlive()) {
            launch();
        }
        return this;
    }

    public synchronized long pid() {
        if (process == null) {
            throw new IllegalStateException(name + " has not been started");
        }
        return process.pid();
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** How many times the process was restarted after dying on its own. */
    public synchronized int restarts() {
        return restarts;
    }

    /** Completes when the process that is running now exits. */
    public synchronized CompletableFuture<Process> onExit() {
        if (process == null) {
            throw new IllegalStateException(name + " has not been started");
        }
        return process.onExit();
    }

    /** Kills the process (and its descendants) with SIGKILL and waits for it to die; it is not restarted. */
    public void kill() {
        Process current = markStopped();
        if (current != null) {
            current.descendants().forEach(ProcessHandle::destroyForcibly);
            current.destroyForcibly();
            awaitExit(current, KILL_WAIT);
        }
    }

    /**
     * Asks the process to stop with SIGTERM, kills it if it is still alive after the stop timeout.
     *
     * @return false if it had to be killed
     */
    public boolean stop() {
        Process current = markStopped();
        if (current == null || !current.isAlive()) {
            return true;
        }
        current.destroy();
        if (awaitExit(current, stopTimeout)) {
            return true;
        }
        LOG.log(Level.WARNING, name + " (pid " + current.pid() + ") did not stop within "
                + stopTimeout.toMillis() + " ms of SIGTERM; killing it");
        current.descendants().forEach(ProcessHandle::destroyForcibly);
        current.destroyForcibly();
        awaitExit(current, KILL_WAIT);
        return false;
    }

    @Override
    public void close() {
        stop();
    }

    private synchronized Process markStopped() {
        stopRequested = true;
        return process;
    }

    private void launch() {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()));
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(directory);
            Process started = builder.start();
            process = started;
            watch(started);
            onStart.accept(started.pid());
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + " with " + command + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits for the exit on a thread of its own: {@code Process.onExit()} completes on the common
     * fork-join pool, which a busy JVM (one core: one pool thread) can hold up for a long time.
     */
    private void watch(Process started) {
        Thread.ofPlatform().daemon().name(name + "-exit-watch").start(() -> {
            try {
                started.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (exited(started)) {
                sleep(restartDelay);
                restartAfterCrash(started);
            }
        });
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Logs an unexpected exit; returns whether to restart. */
    private boolean exited(Process exitedProcess) {
        synchronized (this) {
            if (exitedProcess != process || stopRequested) {
                return false;
            }
            int code = exitedProcess.exitValue();
            if (restartPolicy == RestartPolicy.NEVER || (restartPolicy == RestartPolicy.ON_FAILURE && code == 0)) {
                LOG.log(code == 0 ? Level.INFO : Level.WARNING, name + " exited with code " + code
                        + "; not restarting it (restart policy " + restartPolicy + "), see " + output);
                return false;
            }
            LOG.log(Level.WARNING, name + " exited with code " + code + ", restarting");
            return true;
        }
    }

    private synchronized void restartAfterCrash(Process exitedProcess) {
        if (exitedProcess != process || stopRequested) {
            return;
        }
        restarts++;
        try {
            launch();
            onRestart.accept(process.pid());
        } catch (UncheckedIOException e) {
            LOG.log(Level.ERROR, e.getMessage(), e);
        }
    }

    private static boolean awaitExit(Process process, Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Configures a {@link ManagedProcess}. */
    public static final class Builder {
        private final String name;
        private final List<String> command;
        private Path directory = Path.of("").toAbsolutePath();
        private Path output;
        private final Map<String, String> environment = new LinkedHashMap<>();
        private RestartPolicy restartPolicy = RestartPolicy.NEVER;
        private Duration restartDelay = Duration.ofSeconds(1);
        private Duration stopTimeout = Duration.ofSeconds(30);
        private LongConsumer onStart = pid -> { };
        private LongConsumer onRestart = pid -> { };

        private Builder(String name, List<String> command) {
            this.name = Objects.requireNonNull(name, "name");
            if (command.isEmpty()) {
                throw new IllegalArgumentException("The command of " + name + " is empty");
            }
            this.command = List.copyOf(command);
        }

        /** The working directory; it is created if missing. */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /** The file standard output and error are appended to; defaults to {@code <directory>/<name>.out}. */
        public Builder output(Path output) {
            this.output = output;
            return this;
        }

        public Builder environment(String variable, String value) {
            environment.put(variable, value);
            return this;
        }

        public Builder restartPolicy(RestartPolicy restartPolicy) {
            this.restartPolicy = restartPolicy;
            return this;
        }

        public Builder restartDelay(Duration restartDelay) {
            this.restartDelay = restartDelay;
            return this;
        }

        /** How long {@link #stop()} waits after SIGTERM before it sends SIGKILL. */
        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = stopTimeout;
            return this;
        }

        /** Called with the new PID each time the process starts, restarts included. */
        public Builder onStart(LongConsumer onStart) {
            this.onStart = Objects.requireNonNull(onStart, "onStart");
            return this;
        }

        /** Called with the new PID after each restart of a process that died on its own (after {@link #onStart}). */
        public Builder onRestart(LongConsumer onRestart) {
            this.onRestart = Objects.requireNonNull(onRestart, "onRestart");
            return this;
        }

        /** Builds the supervisor; the process is not started until {@link ManagedProcess#start()}. */
        public ManagedProcess build() {
            if (output == null) {
                output = directory.resolve(name + ".out");
            }
            return new ManagedProcess(this);
        }
    }
}
