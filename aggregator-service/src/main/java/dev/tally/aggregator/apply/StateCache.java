package dev.tally.aggregator.apply;

import dev.tally.pipeline.aggregate.AggregateState;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The states of recently changed aggregates, kept between batches with the version they were
 * committed at, so a row whose version did not move is neither read nor parsed again. Any failed
 * batch clears it: its states may have been changed by a transaction that did not commit.
 */
final class StateCache {

    private record Cached(long version, AggregateState state) {
    }

    private final Map<String, Cached> entries;

    StateCache(int capacity) {
        this.entries = new LinkedHashMap<String, Cached>(Math.min(capacity, 1 << 16), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Cached> eldest) {
                return size() > capacity;
            }
        };
    }

    /** The version of the cached state of {@code aggregateId}, or -1. */
    long version(String aggregateId) {
        Cached entry = entries.get(aggregateId);
        return entry == null ? -1 : entry.version();
    }

    /** The cached state, when it is the one committed at {@code version}; null otherwise. */
    AggregateState state(String aggregateId, long version) {
        Cached entry = entries.get(aggregateId);
        return entry != null && entry.version() == version ? entry.state() : null;
    }

    void put(String aggregateId, long version, AggregateState state) {
        entries.put(aggregateId, new Cached(version, state));
    }

    void remove(String aggregateId) {
        entries.remove(aggregateId);
    }

    void clear() {
        entries.clear();
    }

    int size() {
        return entries.size();
    }
}
