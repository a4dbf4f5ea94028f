package dev.tally.pipeline.window;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.GroupKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PartitionClocksTest {

    /** A change as read from a partition. */
    private record Read(int partition, ChangeEvent event) {
    }

    private static final Instant T = Instant.parse("2026-11-24T10:00:00Z");
    private static final Duration GRACE = Duration.ofMinutes(1);

    @Test
    void aChangeIsLateOnceItsPartitionsWatermarkHasReachedTheWindowEnd() {
        PartitionClocks clocks = PartitionClocks.restore(GRACE, Map.of());
        Read first = change(0, 10);
        Read advancing = change(0, 180);
        Read late = change(0, 20);
        Read otherPartition = change(1, 20);

        PartitionClocks.Judged<Read> judged = judge(clocks, List.of(first, advancing, late, otherPartition));

        assertThat(judged.onTime()).containsExactly(first, advancing, otherPartition);
        assertThat(judged.late()).hasSize(1);
        PartitionClocks.LateChange<Read> change = judged.late().getFirst();
        assertThat(change.item()).isSameAs(late);
        assertThat(change.partition()).isZero();
        assertThat(change.watermark()).isEqualTo(T.plusSeconds(120));
        assertThat(change.reason()).startsWith("late: window [" + T + ", " + T.plusSeconds(60) + ") of partition 0 "
                + "closed at watermark " + T.plusSeconds(120));
        assertThat(clocks.watermarks()).containsExactlyInAnyOrderEntriesOf(Map.of(0, T.plusSeconds(120), 1, T.minusSeconds(40)));
    }

    @Test
    void aWindowEndingExactlyAtTheWatermarkIsClosedAndOneEndingAfterItIsNot() {
        PartitionClocks clocks = PartitionClocks.restore(GRACE, Map.of(0, T.plusSeconds(120)));

        PartitionClocks.Judged<Read> judged = judge(clocks, List.of(change(0, 59), change(0, 60)));

        assertThat(judged.late()).extracting(l -> l.event().eventTime()).containsExactly(T.plusSeconds(59));
        assertThat(judged.onTime()).extracting(p -> p.event().eventTime()).containsExactly(T.plusSeconds(60));
    }

    @Test
    void theClockContinuesFromWhatWasCommittedAndReportsOnlyWhatMoved() {
        PartitionClocks clocks = PartitionClocks.restore(GRACE, Map.of(0, T.plusSeconds(300), 1, T.plusSeconds(100)));

        PartitionClocks.Judged<Read> judged = judge(clocks, List.of(change(0, 200), change(1, 400), change(2, 50)));

        assertThat(judged.late()).as("window [3m, 4m) is closed at watermark 4m").hasSize(1);
        assertThat(clocks.moved()).containsExactlyInAnyOrderEntriesOf(Map.of(1, T.plusSeconds(400), 2, T.plusSeconds(50)));
    }

    @Test
    void aLateChangeDoesNotMoveTheClock() {
        PartitionClocks clocks = PartitionClocks.restore(Duration.ZERO, Map.of(0, T.plusSeconds(120)));

        judge(clocks, List.of(change(0, 30)));

        assertThat(clocks.moved()).isEmpty();
        assertThat(clocks.watermarks()).containsEntry(0, T.plusSeconds(120));
    }

    /** A change at {@code T + seconds} in its one-minute window, read from {@code partition}. */
    private static Read change(int partition, long seconds) {
        Instant time = T.plusSeconds(seconds);
        Instant start = T.plusSeconds(seconds / 60 * 60);
        ChangeEvent event = new ChangeEvent("p", UUID.randomUUID().toString(), new GroupKey(List.of(1L)),
                new Window(start, start.plusSeconds(60)), null, Map.of("lines", 1L), "r" + seconds, "1", time, time,
                "s", "0");
        return new Read(partition, event);
    }

    private static PartitionClocks.Judged<Read> judge(PartitionClocks clocks, List<Read> reads) {
        return clocks.judge(reads, Read::partition, Read::event);
    }
}
