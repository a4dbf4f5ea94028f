package dev.tally.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.bench.cpu.CpuMeter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The window runs from the first progress seen to the end: what was done before it counts as start-up. */
class SteadyStateWatchTest {

    private final CpuMeter meter = new CpuMeter(Map.of("this", () -> ProcessHandle.current().pid()));

    @Test
    void countsOnlyTheEventsCommittedAfterTheFirstProgress() throws Exception {
        AtomicLong committed = new AtomicLong();
        SteadyStateWatch watch = SteadyStateWatch.start("test", meter, committed::get, 1000);
        Thread.sleep(300);
        committed.set(100);
        Thread.sleep(300);
        committed.set(1000);

        StageWindow window = watch.await(Duration.ofSeconds(10));

        assertThat(window.events()).isEqualTo(900);
        assertThat(window.startupSeconds()).isGreaterThanOrEqualTo(0.25);
        assertThat(window.seconds()).isGreaterThanOrEqualTo(0.25);
        assertThat(window.cpu().seconds()).containsKey("this");
        assertThat(window.includesStartup()).isFalse();
    }

    @Test
    void waitsForTheExtraConditionToo() throws Exception {
        AtomicLong committed = new AtomicLong(10);
        AtomicLong drained = new AtomicLong();
        SteadyStateWatch watch = SteadyStateWatch.start("test", meter, committed::get, 20, () -> drained.get() == 1);
        Thread.sleep(200);
        committed.set(20);
        Thread.sleep(300);
        drained.set(1);

        assertThat(watch.await(Duration.ofSeconds(10)).seconds()).isGreaterThanOrEqualTo(0.25);
    }

    @Test
    void aStageDoneAtItsFirstProgressIsMeasuredFromItsLaunch() throws Exception {
        AtomicLong committed = new AtomicLong();
        SteadyStateWatch watch = SteadyStateWatch.start("test", meter, committed::get, 5);
        Thread.sleep(200);
        committed.set(5);

        StageWindow window = watch.await(Duration.ofSeconds(10));

        assertThat(window.includesStartup()).isTrue();
        assertThat(window.events()).isEqualTo(5);
        assertThat(window.seconds()).isGreaterThanOrEqualTo(0.15);
    }
}
