package dev.tally.bench.measure;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Samples named progress counters (offsets, rows) at a fixed interval on a thread of its own, from
 * {@link #start} to {@link #stop}, and prints them as a table: where each stage of a pipeline was
 * at each moment, so one can see which stage a run waited on.
 */
public final class Timeline implements AutoCloseable {

    private final Map<String, LongSupplier> counters;
    private final long intervalMillis;
    private final List<long[]> samples = new ArrayList<>();
    private final Thread sampler;
    private final long started = System.nanoTime();
    private volatile boolean stopped;

    private Timeline(Map<String, LongSupplier> counters, long intervalMillis) {
        this.counters = new LinkedHashMap<>(counters);
        this.intervalMillis = intervalMillis;
        this.sampler = Thread.ofPlatform().daemon().name("timeline").start(this::run);
    }

    public static Timeline start(Map<String, LongSupplier> counters, long intervalMillis) {
        return new Timeline(counters, intervalMillis);
    }

    private void run() {
        long[] base = sample();
        while (!stopped) {
            long[] now = sample();
            for (int i = 1; i < now.length; i++) {
                now[i] -= base[i];
            }
            synchronized (samples) {
                samples.add(now);
            }
            try {
                Thread.sleep(intervalMillis);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long[] sample() {
        long[] row = new long[counters.size() + 1];
        row[0] = (System.nanoTime() - started) / 1_000_000;
        int i = 1;
        for (LongSupplier counter : counters.values()) {
            row[i++] = counter.getAsLong();
        }
        return row;
    }

    /** Stops sampling and prints the table, one row per sample, each counter relative to its first value. */
    public void print(PrintStream out) {
        close();
        out.printf("%8s", "ms");
        counters.keySet().forEach(name -> out.printf(" %14s", name));
        out.println();
        synchronized (samples) {
            for (long[] row : samples) {
                out.printf("%8d", row[0]);
                for (int i = 1; i < row.length; i++) {
                    out.printf(" %14d", row[i]);
                }
                out.println();
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        try {
            sampler.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
