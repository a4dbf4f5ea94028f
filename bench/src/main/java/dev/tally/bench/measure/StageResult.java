package dev.tally.bench.measure;

/**
 * One row of a stage table: the steady-state window of one stage or peer, which process is the
 * stage's own among those measured, how long it took to start, and how its result was checked
 * against the SQL ground truth.
 *
 * @param process the name of the stage's own process in the window's CPU figures
 * @param startup what the start-up column says, e.g. "2.1 s to ready, 2.4 s to first commit"
 */
public record StageResult(StageWindow window, String process, String startup, Check check) {

    /** How a stage's result was compared with the ground truth (a difference fails the run). */
    public enum Check {
        /** Its own output equalled GROUP BY over the source table. */
        EQUAL("✓"),
        /** Its output is the next stage's input, whose result equalled the ground truth. */
        DOWNSTREAM("✓ through the aggregator's result");

        private final String mark;

        Check(String mark) {
            this.mark = mark;
        }

        public String mark() {
            return mark;
        }
    }
}
