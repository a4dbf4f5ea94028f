package dev.tally.pipeline.window;

/** Tumbling windows do not overlap; hopping windows of a size start every advance. */
public enum WindowType {
    TUMBLING,
    HOPPING
}
