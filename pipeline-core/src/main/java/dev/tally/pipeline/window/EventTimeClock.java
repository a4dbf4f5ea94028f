package dev.tally.pipeline.window;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The event-time watermark of one partition: the largest event time seen minus the grace period.
 * It only moves forward, and only with observed events, never with the wall clock. Event times
 * are kept at millisecond precision (floored), which never closes a window early: window bounds
 * are whole milliseconds. Not thread-safe: it belongs to the thread consuming its partition.
 */
public final class EventTimeClock {

    /** What {@link #toEpochMillis()} returns before the first event. */
    public static final long NO_EVENT = Long.MIN_VALUE;

    private final long graceMillis;
    private long maxEventMillis;

    /** A clock that has seen no event yet. */
    public EventTimeClock(Duration grace) {
        this(grace, NO_EVENT);
    }

    private EventTimeClock(Duration grace, long maxEventMillis) {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative() || grace.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("grace must be a non-negative whole number of milliseconds, got " + grace);
        }
        this.graceMillis = grace.toMillis();
        this.maxEventMillis = maxEventMillis;
    }

    /** The clock that {@link #toEpochMillis()} was taken from. */
    public static EventTimeClock fromEpochMillis(long maxEventTimeMillis, Duration grace) {
        return new EventTimeClock(grace, maxEventTimeMillis);
    }

    /** Takes in an event's time; returns whether the watermark moved forward. */
    public boolean observe(Instant eventTime) {
        long t = eventTime.toEpochMilli();
        if (t > maxEventMillis) {
            maxEventMillis = t;
            return true;
        }
        return false;
    }

    /** The largest event time seen minus the grace period; empty before the first event. */
    public Optional<Instant> watermark() {
        return maxEventMillis == NO_EVENT ? Optional.empty() : Optional.of(Instant.ofEpochMilli(watermarkMillis()));
    }

    /** Whether the watermark has reached the window's end: a change for a closed window is late. */
    public boolean isClosed(Window window) {
        return maxEventMillis != NO_EVENT && watermarkMillis() >= ceilMillis(window.end());
    }

    /** Whether the watermark has passed the window's end by {@code retention}: its state may be dropped. */
    public boolean isExpired(Window window, Duration retention) {
        if (retention.isNegative() || retention.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("retention must be a non-negative whole number of milliseconds, got " + retention);
        }
        return maxEventMillis != NO_EVENT
                && watermarkMillis() >= Math.addExact(ceilMillis(window.end()), retention.toMillis());
    }

    /** The largest event time seen, in epoch milliseconds, or {@link #NO_EVENT}: all a service needs to persist. */
    public long toEpochMillis() {
        return maxEventMillis;
    }

    private long watermarkMillis() {
        return Math.subtractExact(maxEventMillis, graceMillis);
    }

    // The watermark is whole milliseconds, so it has reached an instant iff it has reached its ceiling.
    private static long ceilMillis(Instant t) {
        long floor = t.toEpochMilli();
        return t.getNano() % 1_000_000 == 0 ? floor : floor + 1;
    }

    @Override
    public String toString() {
        return "EventTimeClock[watermark=" + watermark().map(Instant::toString).orElse("none") + ", grace=" + Duration.ofMillis(graceMillis) + "]";
    }
}
