package dev.tally.aggregator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the aggregator's consumer loops ({@code tally.aggregator.*}). */
@ConfigMapping(prefix = "tally.aggregator")
public interface AggregatorConfig {

    /** Records per polled batch; each batch is applied in one database transaction. */
    @WithDefault("2000")
    int batchSize();
}
