package dev.tally.localstack.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManagedProcessTest {

    @TempDir
    Path dir;

    @Test
    void restartsAProcessThatFails() throws Exception {
        try (ManagedProcess process = shell("echo started; exit 3")
                .restartPolicy(ManagedProcess.RestartPolicy.ON_FAILURE)
                .restartDelay(Duration.ofMillis(10))
                .build()
                .start()) {
            // A restart is counted when it begins, before the new run has written anything: wait for the output.
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (startedLines() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(process.restarts()).isGreaterThanOrEqualTo(2);
        }
        assertThat(startedLines()).isGreaterThanOrEqualTo(3);
    }

    private long startedLines() throws IOException {
        Path out = dir.resolve("test.out");
        return Files.exists(out) ? Files.readAllLines(out).stream().filter("started"::equals).count() : 0;
    }

    @Test
    void doesNotRestartAProcessThatSucceedsUnderOnFailure() throws Exception {
        ManagedProcess process = shell("exit 0").restartPolicy(ManagedProcess.RestartPolicy.ON_FAILURE)
                .restartDelay(Duration.ofMillis(10)).build().start();
        process.onExit().join();
        Thread.sleep(200);

        assertThat(process.restarts()).isZero();
        assertThat(process.isAlive()).isFalse();
    }

    @Test
    void killIsNotTakenForACrash() throws Exception {
        ManagedProcess process = shell("sleep 30").restartPolicy(ManagedProcess.RestartPolicy.ALWAYS)
                .restartDelay(Duration.ofMillis(10)).build().start();
        long pid = process.pid();

        process.kill();
        Thread.sleep(200);

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(process.isAlive()).isFalse();
        assertThat(process.restarts()).isZero();

        process.start();
        assertThat(process.pid()).isNotEqualTo(pid);
        assertThat(process.stop()).isTrue();
    }

    @Test
    void stopKillsAProcessThatIgnoresSigterm() {
        ManagedProcess process = shell("trap '' TERM; echo ready; while true; do sleep 1; done")
                .stopTimeout(Duration.ofMillis(500))
                .build()
                .start();
        awaitOutput("ready");

        assertThat(process.stop()).isFalse();
        assertThat(process.isAlive()).isFalse();
    }

    private ManagedProcess.Builder shell(String script) {
        return ManagedProcess.builder("test", List.of("/bin/sh", "-c", script)).directory(dir);
    }

    private void awaitOutput(String line) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                Path output = dir.resolve("test.out");
                if (Files.exists(output) && Files.readAllLines(output).contains(line)) {
                    return;
                }
                Thread.sleep(20);
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("The process did not print " + line);
    }
}
