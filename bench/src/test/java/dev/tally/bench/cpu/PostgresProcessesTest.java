package dev.tally.bench.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** PostgreSQL's CPU in a window goes to what each server process does; ended processes are counted once. */
class PostgresProcessesTest {

    private static final long POSTMASTER = 10;
    private static final double TICK = 1.0 / ProcessTreeCpu.TICKS_PER_SECOND;

    @Test
    void splitsTheWindowByLabelCountingNewProcessesWholeAndEndedOnesOnce() {
        PostgresProcesses.Snapshot start = new PostgresProcesses.Snapshot(POSTMASTER,
                Map.of(POSTMASTER, 100L, 11L, 50L, 12L, 30L, 13L, 70L));
        // 13 ended with 90 ticks in all: its 90 moved into the postmaster's reaped children (100 + 90 + 5 own).
        PostgresProcesses.Snapshot end = new PostgresProcesses.Snapshot(POSTMASTER,
                Map.of(POSTMASTER, 195L, 11L, 80L, 12L, 31L, 14L, 40L));
        Map<Long, String> labels = Map.of(11L, "walsender tally_outbox", 12L, "checkpointer", 14L, "backends of source");

        Map<String, Double> seconds = PostgresProcesses.between(start, end, labels);

        assertThat(seconds.get("walsender tally_outbox")).isCloseTo(30 * TICK, within(1e-9));
        assertThat(seconds.get("checkpointer")).isCloseTo(1 * TICK, within(1e-9));
        assertThat(seconds.get("backends of source")).isCloseTo(40 * TICK, within(1e-9));
        // The ended process's 20 ticks in the window, and the postmaster's own 5.
        assertThat(seconds.get(PostgresProcesses.ENDED)).isCloseTo(25 * TICK, within(1e-9));
        assertThat(seconds.values().stream().mapToDouble(Double::doubleValue).sum())
                .as("the same total as the process tree's").isCloseTo(96 * TICK, within(1e-9));
    }
}
