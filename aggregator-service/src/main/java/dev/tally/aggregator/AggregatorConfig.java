package dev.tally.aggregator;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the aggregator's consumer loops, journal retention, dead-letter API and rebuilds ({@code tally.aggregator.*}). */
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
     * The most values the cached states of a pipeline may hold together (each state counts 1 plus the distinct values
     * of its mins and maxes and the rows of its latests): one state may hold 100,000, most hold none.
     */
    @WithDefault("500000")
    long stateCacheValues();

    /** How journal entries older than each pipeline's {@code retention.journal} are purged. */
    Retention retention();

    /** Settings of the journal purge ({@code tally.aggregator.retention.*}). */
    interface Retention {

        /** The pause between two purges; a purge deletes batch after batch until no expired entry is left. */
        @WithDefault("1m")
        Duration interval();

        /** Journal batches (a row per applied batch and partition) deleted per statement, each its own short transaction. */
        @WithDefault("1000")
        int batchSize();
    }

    /** The dead-letter API ({@code tally.aggregator.dlq.*}). */
    Dlq dlq();

    /** How the dead-letter API reads and re-drives {@code tally.<p>.dlq}. */
    interface Dlq {

        /** The longest a request may take to read the entries it needs from the dead-letter topic. */
        @WithDefault("30s")
        Duration readTimeout();

        /** The most entries one {@code "all": true} re-drive sends; the answer says when more are left. */
        @WithDefault("1000")
        int maxRedrive();
    }

    /** Rebuilds ({@code tally.aggregator.rebuild.*}). */
    Rebuild rebuild();

    /** How a running rebuild is followed. */
    interface Rebuild {

        /** How often its progress is checked: the snapshots' notifications, then the stages' committed offsets. */
        @WithDefault("2s")
        Duration checkInterval();

        /**
         * How long after it began a rebuild may keep trying to write a source's signal (when the aggregator stopped
         * between recording the rebuild and signalling) before it fails.
         */
        @WithDefault("5m")
        Duration signalTimeout();
    }

    /**
     * At most this many expired windows are deleted from the store per batch (windowed pipelines);
     * the rest go with the following batches.
     */
    @WithDefault("500")
    int expiryBatchSize();
}
