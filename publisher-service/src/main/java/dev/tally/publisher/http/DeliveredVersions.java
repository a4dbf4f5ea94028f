package dev.tally.publisher.http;

import dev.tally.pipeline.event.AggregateUpdate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest version an HTTP sink delivered, for the aggregates it delivered most recently. A failed batch is polled
 * again, and the new poll may end earlier than the first: its newest version of an aggregate can then be older than
 * one already delivered, and must not follow it. Remembering the last {@code capacity} aggregates (a few polls' worth)
 * covers every record a retried batch can bring back.
 */
final class DeliveredVersions {

    private final Map<String, Long> newest;

    DeliveredVersions(int capacity) {
        this.newest = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The updates newer than what was delivered of their aggregate. */
    synchronized List<AggregateUpdate> newer(List<AggregateUpdate> updates) {
        List<AggregateUpdate> newer = new ArrayList<>(updates.size());
        for (AggregateUpdate update : updates) {
            Long delivered = newest.get(update.aggregateId());
            if (delivered == null || update.version() > delivered) {
                newer.add(update);
            }
        }
        return newer;
    }

    synchronized void delivered(List<AggregateUpdate> updates) {
        for (AggregateUpdate update : updates) {
            newest.merge(update.aggregateId(), update.version(), Math::max);
        }
    }
}
