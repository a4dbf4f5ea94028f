package dev.tally.pipeline.event;

import dev.tally.pipeline.window.Window;

/** The id of one aggregate: its group key, and its window when the pipeline has windows. */
public final class AggregateIds {

    private AggregateIds() {
    }

    public static String of(GroupKey key, Window window) {
        return window == null ? key.encoded() : key.encoded() + "@" + window.start() + "/" + window.end();
    }
}
