package dev.tally.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How services create the topics they use when these are missing ({@code tally.topics.*}). */
@ConfigMapping(prefix = "tally.topics")
public interface TopicsConfig {

    /** Create missing topics at start; off where KafkaTopic resources (Strimzi) own them. */
    @WithDefault("true")
    boolean create();

    /** Partitions of created topics: the most consumers a stage can usefully run. */
    @WithDefault("4")
    int partitions();

    @WithDefault("1")
    short replicationFactor();
}
