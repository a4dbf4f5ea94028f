package dev.tally.pipeline.load;

import com.fasterxml.jackson.databind.JsonNode;

/** How a pipeline-file value is read and checked. */
interface OptionType<T> {

    /** Reads {@code node}, or records why it cannot and returns null. */
    T read(JsonNode node, String path, Problems problems);

    /** A short description for the option tables of the README, e.g. "duration (10s, 5m, 1h, 7d)". */
    String describe();
}
