package dev.tally.bench.measure;

import dev.tally.bench.cpu.CpuMeter;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Watches a stage's progress (records committed, as its consumer group reports them) from before
 * it starts: the steady-state window runs from the first progress seen to the moment the stage is
 * done, with a CPU snapshot at each end; the time before the first progress is the stage's start-up.
 * A stage so short that its first progress is already its end gets the window from its launch
 * instead, marked as including start-up. Start it before launching the stage, then {@link #await}.
 */
public final class SteadyStateWatch {

    private static final long POLL_MILLIS = 50;

    private final String stage;
    private final CpuMeter meter;
    private final LongSupplier progress;
    private final long expected;
    private final BooleanSupplier done;
    private final CpuMeter.Snapshot launched;
    private final CompletableFuture<StageWindow> result = new CompletableFuture<>();
    private volatile boolean stopped;

    private SteadyStateWatch(String stage, CpuMeter meter, LongSupplier progress, long expected, BooleanSupplier done) {
        this.stage = stage;
        this.meter = meter;
        this.progress = progress;
        this.expected = expected;
        this.done = done;
        this.launched = meter.snapshot();
    }

    /**
     * Starts watching {@code stage}, done once {@code progress} reaches {@code expected} and {@code done} holds
     * (e.g. a Streams application caught up on its repartition topics as well).
     */
    public static SteadyStateWatch start(String stage, CpuMeter meter, LongSupplier progress, long expected,
                                         BooleanSupplier done) {
        SteadyStateWatch watch = new SteadyStateWatch(stage, meter, progress, expected, done);
        Thread.ofPlatform().daemon().name("watch-" + stage).start(watch::run);
        return watch;
    }

    /** As {@link #start(String, CpuMeter, LongSupplier, long, BooleanSupplier)}, done when progress reaches {@code expected}. */
    public static SteadyStateWatch start(String stage, CpuMeter meter, LongSupplier progress, long expected) {
        return start(stage, meter, progress, expected, () -> true);
    }

    /** Waits for the stage to finish; the window is from the first progress seen to the end. */
    public StageWindow await(Duration timeout) {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            stopped = true;
            throw new IllegalStateException(stage + " not done within " + timeout.toSeconds() + " s: progress "
                    + progress.getAsLong() + " of " + expected);
        } catch (ExecutionException e) {
            throw new IllegalStateException(stage + ": " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + stage, e);
        }
    }

    private void run() {
        try {
            CpuMeter.Snapshot first = null;
            long firstCount = 0;
            while (!stopped) {
                long count = progress.getAsLong();
                if (first == null && count > 0) {
                    first = meter.snapshot();
                    firstCount = count;
                }
                if (count >= expected && done.getAsBoolean()) {
                    CpuMeter.Snapshot last = meter.snapshot();
                    if (first == null || count == firstCount) {
                        result.complete(new StageWindow(stage, count, 0, CpuMeter.between(launched, last), true));
                    } else {
                        result.complete(new StageWindow(stage, count - firstCount,
                                (first.nanoTime() - launched.nanoTime()) / 1e9, CpuMeter.between(first, last), false));
                    }
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
    }
}
