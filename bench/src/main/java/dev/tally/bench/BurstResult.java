package dev.tally.bench;

import dev.tally.bench.cpu.CpuUsage;

/**
 * The burst on the running orders example: {@code changes} source changes written as fast as one
 * connection can, in {@code writeSeconds}, drained until both sink tables equalled the ground truth
 * {@code cpu.wallSeconds()} after the first write.
 */
record BurstResult(long changes, long transactions, double writeSeconds, CpuUsage cpu, boolean exact) {

    double drainSeconds() {
        return cpu.wallSeconds();
    }

    double rate() {
        return changes / drainSeconds();
    }

    double microsPerChange(String process) {
        return cpu.microsPerEvent(process, changes);
    }

    double totalMicrosPerChange(String... excluded) {
        return cpu.totalWithout(excluded) * 1e6 / changes;
    }
}
