package dev.tally.bench;

/**
 * The two burst rows on the running orders example: {@code live}, written while everything runs (the rate is at most
 * the writer's), and {@code backlog}, written while capture was paused and then drained (the pipeline's own rate).
 */
record BurstResults(BurstResult live, BurstResult backlog) {
}
