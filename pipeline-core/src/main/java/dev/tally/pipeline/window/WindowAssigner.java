package dev.tally.pipeline.window;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Assigns event times to windows aligned to the epoch: tumbling windows start at multiples of
 * their size, hopping windows of a size start at every multiple of their advance.
 */
public final class WindowAssigner {

    private final long sizeMillis;
    private final long advanceMillis;
    private final int windowsPerEvent;

    private WindowAssigner(long sizeMillis, long advanceMillis) {
        this.sizeMillis = sizeMillis;
        this.advanceMillis = advanceMillis;
        this.windowsPerEvent = Math.toIntExact(sizeMillis / advanceMillis);
    }

    /**
     * An assigner for {@code spec}.
     *
     * @throws IllegalArgumentException unless the size is positive, the advance is positive, at
     *                                  most the size and divides it (a tumbling window's advance
     *                                  is its size, or absent), and both are whole milliseconds
     */
    public static WindowAssigner of(WindowSpec spec) {
        Objects.requireNonNull(spec, "spec");
        Objects.requireNonNull(spec.type(), "window type");
        long size = wholeMillis(spec.size(), "size");
        if (size <= 0) {
            throw new IllegalArgumentException("window size must be positive, got " + spec.size());
        }
        if (spec.type() == WindowType.TUMBLING) {
            if (spec.advance() != null && !spec.advance().equals(spec.size())) {
                throw new IllegalArgumentException("a tumbling window advances by its size (" + spec.size()
                        + "), got advance " + spec.advance() + "; use a hopping window to overlap");
            }
            return new WindowAssigner(size, size);
        }
        long advance = wholeMillis(spec.advance(), "advance");
        if (advance <= 0 || advance > size) {
            throw new IllegalArgumentException("a hopping window's advance must be positive and at most its size ("
                    + spec.size() + "), got " + spec.advance());
        }
        if (size % advance != 0) {
            throw new IllegalArgumentException("a hopping window's size (" + spec.size() + ") must be a multiple of its advance ("
                    + spec.advance() + ") so that every event falls in the same number of windows");
        }
        if (size / advance > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a hopping window of size " + spec.size() + " advancing by " + spec.advance()
                    + " puts each event in too many windows");
        }
        return new WindowAssigner(size, advance);
    }

    /** Every window that contains {@code eventTime}, in start order, in a new list the caller may keep. */
    public List<Window> windowsFor(Instant eventTime) {
        // Instant.toEpochMilli floors, also before 1970, and window bounds are whole milliseconds,
        // so the floored time falls in exactly the windows that the exact time does.
        long t = eventTime.toEpochMilli();
        long lastStart = Math.multiplyExact(Math.floorDiv(t, advanceMillis), advanceMillis);
        if (windowsPerEvent == 1) {
            return List.of(window(lastStart));
        }
        Window[] windows = new Window[windowsPerEvent];
        long start = lastStart - (long) (windowsPerEvent - 1) * advanceMillis;
        for (int i = 0; i < windows.length; i++, start += advanceMillis) {
            windows[i] = window(start);
        }
        return Arrays.asList(windows);
    }

    public Duration size() {
        return Duration.ofMillis(sizeMillis);
    }

    public Duration advance() {
        return Duration.ofMillis(advanceMillis);
    }

    private Window window(long startMillis) {
        return new Window(Instant.ofEpochMilli(startMillis), Instant.ofEpochMilli(Math.addExact(startMillis, sizeMillis)));
    }

    private static long wholeMillis(Duration d, String what) {
        if (d == null) {
            throw new IllegalArgumentException("window " + what + " is missing");
        }
        if (d.getNano() % 1_000_000 != 0) {
            throw new IllegalArgumentException("window " + what + " must be a whole number of milliseconds, got " + d);
        }
        return d.toMillis();
    }
}
