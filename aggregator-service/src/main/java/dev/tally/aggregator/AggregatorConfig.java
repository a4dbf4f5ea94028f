package dev.tally.aggregator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the aggregator's consumer loops ({@code tally.aggregator.*}). */
@ConfigMapping(prefix = "tally.aggregator")
public interface AggregatorConfig {

    /** Records per polled batch; each batch is applied in one database transaction. */
    @WithDefault("2000")
    int batchSize();

    /**
     * How many aggregate states of a pipeline stay in memory between batches (least recently
     * changed first out); a cached state whose stored version did not move is neither read nor
     * parsed again. 0 turns the cache off.
     */
    @WithDefault("10000")
    int stateCacheSize();

    /**
     * At most this many expired windows are deleted from the store per batch (windowed pipelines);
     * the rest go with the following batches.
     */
    @WithDefault("500")
    int expiryBatchSize();
}
