package dev.tally.pipeline.window;

import java.time.Instant;

/** A time window: start inclusive, end exclusive. */
public record Window(Instant start, Instant end) implements Comparable<Window> {

    public boolean contains(Instant t) {
        return !t.isBefore(start) && t.isBefore(end);
    }

    @Override
    public int compareTo(Window o) {
        int c = start.compareTo(o.start);
        return c != 0 ? c : end.compareTo(o.end);
    }
}
