package dev.tally.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the ingest service ({@code tally.ingest.*}). */
@ConfigMapping(prefix = "tally.ingest")
public interface IngestConfig {

    /** Most raw records one poll hands to a pipeline's batch handler. */
    @WithDefault("2000")
    int batchSize();
}
