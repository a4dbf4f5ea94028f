package dev.tally.pipeline.event;

import java.time.Instant;

/** The unit of a timestamp written as a count since 1970-01-01T00:00:00Z, as Debezium writes them without schemas. */
public enum EpochUnit {
    MILLISECONDS(1_000L),
    MICROSECONDS(1_000_000L),
    NANOSECONDS(1_000_000_000L);

    private final long perSecond;

    EpochUnit(long perSecond) {
        this.perSecond = perSecond;
    }

    /** The instant {@code count} units after the epoch (before it when negative), exactly, for every long. */
    public Instant instant(long count) {
        long nanosPerUnit = 1_000_000_000L / perSecond;
        return Instant.ofEpochSecond(Math.floorDiv(count, perSecond), Math.floorMod(count, perSecond) * nanosPerUnit);
    }
}
