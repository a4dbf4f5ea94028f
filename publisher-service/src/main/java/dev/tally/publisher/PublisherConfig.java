package dev.tally.publisher;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the publisher ({@code tally.publisher.*}). */
@ConfigMapping(prefix = "tally.publisher")
public interface PublisherConfig {

    /** The most records a sink takes per poll, and so per write transaction. */
    @WithDefault("2000")
    int batchSize();
}
