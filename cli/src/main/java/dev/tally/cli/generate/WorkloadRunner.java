package dev.tally.cli.generate;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.function.Consumer;

/** Runs a workload at a target rate of row changes per second, for a time or a number of changes. */
public final class WorkloadRunner {

    /** What a run did. */
    public record Result(long changes, long transactions, Duration elapsed) {
        public double changesPerSecond() {
            return changes * 1000.0 / Math.max(1, elapsed.toMillis());
        }
    }

    private final Workload workload;
    private final double rate;

    /** @param rate row changes per second; 0 or less runs as fast as the database allows */
    public WorkloadRunner(Workload workload, double rate) {
        this.workload = workload;
        this.rate = rate;
    }

    /** Runs until {@code duration} has passed or {@code maxChanges} rows were changed, whichever is first. */
    public Result run(Connection connection, Duration duration, long maxChanges, Consumer<Result> progress)
            throws SQLException {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long changes = 0;
        long transactions = 0;
        long nextReport = start + Duration.ofSeconds(5).toNanos();
        while (changes < maxChanges && System.nanoTime() < end) {
            changes += workload.next(connection);
            transactions++;
            if (rate > 0) {
                long due = start + (long) (changes / rate * 1e9);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    sleep(Math.min(wait, end - System.nanoTime()));
                }
            }
            if (System.nanoTime() >= nextReport) {
                progress.accept(new Result(changes, transactions, Duration.ofNanos(System.nanoTime() - start)));
                nextReport += Duration.ofSeconds(5).toNanos();
            }
        }
        return new Result(changes, transactions, Duration.ofNanos(System.nanoTime() - start));
    }

    private static void sleep(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
