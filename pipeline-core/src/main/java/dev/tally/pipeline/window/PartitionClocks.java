package dev.tally.pipeline.window;

import dev.tally.pipeline.event.ChangeEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The event-time clocks of the partitions of one batch, restored from what was committed: judges each
 * change, in record order, on time or late (its window closed before the change was read), and lets
 * the on-time ones move their partition's clock. Never the wall clock.
 */
public final class PartitionClocks {

    /**
     * A batch judged.
     *
     * @param onTime the changes to apply, in record order
     * @param late   the changes whose window had closed, in record order
     */
    public record Judged<T>(List<T> onTime, List<LateChange<T>> late) {
    }

    /**
     * A change read after its window closed.
     *
     * @param item      what carried the change
     * @param event     the change
     * @param partition the partition it was read from
     * @param watermark the partition's watermark when it was read
     * @param grace     the pipeline's grace period
     */
    public record LateChange<T>(T item, ChangeEvent event, int partition, Instant watermark, Duration grace) {

        /** Starts with {@code late}: the dead-letter reason. */
        public String reason() {
            Window window = event.window();
            return "late: window [" + window.start() + ", " + window.end() + ") of partition " + partition
                    + " closed at watermark " + watermark + " (largest event time minus grace " + grace
                    + "); the change (event time " + event.eventTime() + ") was not applied. "
                    + "Give the window a longer grace if changes this late are expected";
        }
    }

    private final Duration grace;
    private final Map<Integer, Instant> restored;
    private final Map<Integer, EventTimeClock> clocks = new TreeMap<>();

    private PartitionClocks(Duration grace, Map<Integer, Instant> restored) {
        this.grace = grace;
        this.restored = Map.copyOf(restored);
        restored.forEach((partition, time) ->
                clocks.put(partition, EventTimeClock.fromEpochMillis(time.toEpochMilli(), grace)));
    }

    /** The clocks as committed: the largest event time per partition (partitions not given have seen no event). */
    public static PartitionClocks restore(Duration grace, Map<Integer, Instant> largestEventTimes) {
        return new PartitionClocks(grace, largestEventTimes);
    }

    /**
     * Judges the changes in record order; a late change is judged before it could move the clock.
     *
     * @param partition the partition an item was read from
     * @param event     the change an item carries
     */
    public <T> Judged<T> judge(List<T> items, ToIntFunction<T> partition, Function<T, ChangeEvent> event) {
        List<T> onTime = new ArrayList<>(items.size());
        List<LateChange<T>> late = new ArrayList<>();
        for (T item : items) {
            int p = partition.applyAsInt(item);
            EventTimeClock clock = clocks.computeIfAbsent(p, ignored -> new EventTimeClock(grace));
            ChangeEvent change = event.apply(item);
            if (clock.isClosed(change.window())) {
                late.add(new LateChange<>(item, change, p, clock.watermark().orElseThrow(), grace));
            } else {
                clock.observe(change.eventTime());
                onTime.add(item);
            }
        }
        return new Judged<>(onTime, late);
    }

    /** The largest event time of each partition whose clock moved since it was restored. */
    public Map<Integer, Instant> moved() {
        Map<Integer, Instant> moved = new LinkedHashMap<>();
        clocks.forEach((partition, clock) -> {
            if (clock.toEpochMillis() != EventTimeClock.NO_EVENT) {
                Instant largest = Instant.ofEpochMilli(clock.toEpochMillis());
                if (!largest.equals(restored.get(partition))) {
                    moved.put(partition, largest);
                }
            }
        });
        return moved;
    }

    /** The watermark of each partition that has seen an event. */
    public Map<Integer, Instant> watermarks() {
        Map<Integer, Instant> watermarks = new LinkedHashMap<>();
        clocks.forEach((partition, clock) -> clock.watermark().ifPresent(w -> watermarks.put(partition, w)));
        return watermarks;
    }
}
