package dev.tally.ingest;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the ingest service ({@code tally.ingest.*}). */
@ConfigMapping(prefix = "tally.ingest")
public interface IngestConfig {

    /** Most raw records one poll hands to a pipeline's batch handler. */
    @WithDefault("2000")
    int batchSize();

    /**
     * How long one Kafka transaction takes polled batches before it commits them (Kafka Streams' exactly-once
     * {@code commit.interval.ms} is 100 ms too): fewer, larger transactions cost the broker and ingest far less per
     * change when polls are small; a read_committed reader sees the changes at most this much later. 0 commits
     * every poll.
     */
    @WithDefault("100ms")
    java.time.Duration commitInterval();

    /**
     * The start of the transactional id of this instance's Kafka producers (one per pipeline): the same across
     * restarts of one instance (a restarted instance then aborts at once what it left open), different between
     * instances. The default is made of the host name and the HTTP port.
     */
    String transactionalIdPrefix();
}
