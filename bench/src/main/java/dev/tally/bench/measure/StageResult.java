package dev.tally.bench.measure;

/**
 * One row of a stage table: the steady-state window of one stage or peer, which process is the
 * stage's own among those measured, how long it took to be ready, and whether its result equalled
 * the SQL ground truth.
 *
 * @param process      the name of the stage's own process in the window's CPU figures
 * @param readySeconds JVM start to ready (a service's readiness probe), or NaN where the process has none
 */
public record StageResult(StageWindow window, String process, double readySeconds, boolean exact) {

    public StageResult withExact(boolean exact) {
        return new StageResult(window, process, readySeconds, exact);
    }
}
