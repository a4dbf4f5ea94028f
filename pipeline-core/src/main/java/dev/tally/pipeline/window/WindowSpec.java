package dev.tally.pipeline.window;

import java.time.Duration;

/**
 * A pipeline's window declaration.
 *
 * @param type      tumbling or hopping
 * @param size      the length of a window
 * @param advance   how far apart windows start: equal to size for tumbling windows
 * @param on        the canonical timestamp field that gives event time
 * @param grace     how long after its end a window still takes late changes
 * @param retention how long after its end a closed window is kept in the store
 * @param future    how far ahead of the ingest service's clock an event time may be
 */
public record WindowSpec(WindowType type, Duration size, Duration advance, String on, Duration grace, Duration retention,
                         Duration future) {

    public static final Duration DEFAULT_FUTURE = Duration.ofDays(1);

    /**
     * The most windows one event may fall in ({@code size / advance} of a hopping window): each change updates every
     * one of them, so more is a pipeline that cannot keep up, not a choice.
     */
    public static final long MAX_WINDOWS_PER_EVENT = 10_000;

    /** With the default {@link #future()}. */
    public WindowSpec(WindowType type, Duration size, Duration advance, String on, Duration grace, Duration retention) {
        this(type, size, advance, on, grace, retention, DEFAULT_FUTURE);
    }
}
