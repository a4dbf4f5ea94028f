package dev.tally.pipeline.model;

/** What happens to a change for a window that has closed. */
public enum LateChangePolicy {
    /** Sent to the pipeline's dead-letter topic with reason {@code late}. */
    DLQ,
    /** Dropped and counted. */
    DROP
}
