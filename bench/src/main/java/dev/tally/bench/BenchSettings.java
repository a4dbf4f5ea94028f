package dev.tally.bench;

/**
 * The workload of a benchmark run.
 *
 * @param changes    row changes written to the source table for the stage measurements
 * @param keys       distinct products (group keys)
 * @param inserts    share of inserts, percent
 * @param updates    share of updates, percent (a fifth of them move the row to another product)
 * @param deletes    share of deletes, percent
 * @param liveChanges row changes written while everything runs, for the end-to-end maximum
 * @param latencySeconds how long the half-rate run for latency lasts
 * @param burstChanges source changes the orders generator writes in the burst on the running orders example
 * @param seed       random seed
 */
public record BenchSettings(int changes, int keys, int inserts, int updates, int deletes, int liveChanges,
                            int latencySeconds, int burstChanges, long seed) {

    public BenchSettings {
        if (inserts + updates + deletes != 100) {
            throw new IllegalArgumentException("the insert/update/delete mix must add up to 100, not "
                    + (inserts + updates + deletes));
        }
        if (inserts == 0) {
            throw new IllegalArgumentException("a workload needs inserts");
        }
    }

    public String describe() {
        return String.format("%,d changes over %,d keys (%d%% inserts, %d%% updates of which a fifth move the row "
                        + "to another key, %d%% deletes); end to end: %,d live changes, latency over %d s; "
                        + "burst: %,d changes of the orders generator",
                changes, keys, inserts, updates, deletes, liveChanges, latencySeconds, burstChanges);
    }
}
