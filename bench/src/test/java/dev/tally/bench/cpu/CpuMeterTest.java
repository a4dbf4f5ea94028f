package dev.tally.bench.cpu;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** CPU is read from /proc for whole process trees, and a process replaced between two instants is not guessed at. */
class CpuMeterTest {

    @Test
    void countsTheCpuOfChildrenThatAlreadyEnded() throws Exception {
        // A shell whose busy child has ended by the time we read: its CPU lives on in the parent's cutime.
        Process parent = new ProcessBuilder("sh", "-c",
                "sh -c 'i=0; while [ $i -lt 400000 ]; do i=$((i+1)); done'; sleep 20").start();
        try {
            Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
            while (!onlySleepLeft(parent) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
            assertThat(onlySleepLeft(parent)).as("the busy child has ended").isTrue();
            assertThat(ProcessTreeCpu.seconds(parent.pid())).isGreaterThanOrEqualTo(0.2);
        } finally {
            parent.destroyForcibly();
        }
    }

    private static boolean onlySleepLeft(Process parent) {
        var children = parent.children().toList();
        return !children.isEmpty()
                && children.stream().allMatch(c -> c.info().command().orElse("").endsWith("sleep"));
    }

    @Test
    void reportsAProcessRestartedInTheWindowAsUnknown() throws Exception {
        Process other = new ProcessBuilder("sleep", "20").start();
        try {
            AtomicLong pid = new AtomicLong(ProcessHandle.current().pid());
            CpuMeter meter = new CpuMeter(Map.of("service", pid::get, "this", () -> ProcessHandle.current().pid()));
            CpuMeter.Snapshot start = meter.snapshot();
            pid.set(other.pid());
            CpuUsage used = meter.since(start);
            assertThat(used.of("service")).isNaN();
            assertThat(used.of("this")).isGreaterThanOrEqualTo(0);
        } finally {
            other.destroyForcibly();
        }
    }

    @Test
    void countsWholeAProcessBornInTheWindow() throws Exception {
        Process[] later = new Process[1];
        CpuMeter meter = new CpuMeter(Map.of("later", () -> later[0].pid()));
        CpuMeter.Snapshot start = meter.snapshot();
        later[0] = new ProcessBuilder("sleep", "20").start();
        try {
            assertThat(meter.since(start).of("later")).isNotNaN().isGreaterThanOrEqualTo(0);
        } finally {
            later[0].destroyForcibly();
        }
    }

    @Test
    void aGoneProcessReadsAsMinusOne() {
        assertThat(ProcessTreeCpu.seconds(Long.MAX_VALUE)).isEqualTo(-1);
    }
}
