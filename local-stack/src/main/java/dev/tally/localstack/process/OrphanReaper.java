package dev.tally.localstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * A small shell process that sends SIGINT to a target process once a watched process is gone. It covers the children
 * that cannot watch their parent themselves (PostgreSQL), for when the JVM that owns them is killed with SIGKILL.
 */
public final class OrphanReaper implements AutoCloseable {

    private static final String SCRIPT =
            "while kill -0 \"$0\" 2>/dev/null; do sleep 1; done; kill -INT \"$1\" 2>/dev/null";

    private final Process process;

    private OrphanReaper(Process process) {
        this.process = process;
    }

    /** Interrupts {@code targetPid} when {@code watchedPid} exits. */
    public static OrphanReaper start(long watchedPid, long targetPid) {
        List<String> command = List.of("/bin/sh", "-c", SCRIPT, String.valueOf(watchedPid), String.valueOf(targetPid));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new OrphanReaper(process);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start /bin/sh to guard process " + targetPid + ": " + e.getMessage(), e);
        }
    }

    /** Stops the reaper without touching the target. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
