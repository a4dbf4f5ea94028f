package dev.tally.aggregator.apply;

import dev.tally.pipeline.aggregate.AggregateState;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * The states of recently changed aggregates, kept between batches with the version they were
 * committed at, so a row whose version did not move is neither read nor parsed again. Any failed
 * batch clears it: its states may have been changed by a transaction that did not commit.
 *
 * <p>Bounded twice, least recently used out first: by the number of states, and by the values they hold
 * ({@link AggregateState#heldValues()}, the distinct values of mins and maxes and the rows of latests), since one
 * state may hold up to 100,000 of them where most hold none. Each state counts 1 plus its values, as measured when
 * it was put.
 */
final class StateCache {

    private record Cached(long version, AggregateState state, long weight) {
    }

    private final int capacity;
    private final long maxWeight;
    private final LinkedHashMap<String, Cached> entries;
    private long weight;

    /**
     * @param capacity  the most states it keeps
     * @param maxValues the most values (plus one per state) the states it keeps may hold together
     */
    StateCache(int capacity, long maxValues) {
        this.capacity = capacity;
        this.maxWeight = maxValues;
        this.entries = new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, true);
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
        Cached cached = new Cached(version, state, 1L + state.heldValues());
        Cached replaced = entries.put(aggregateId, cached);
        weight += cached.weight() - (replaced == null ? 0 : replaced.weight());
        Iterator<Cached> eldestFirst = entries.values().iterator();
        while ((entries.size() > capacity || weight > maxWeight) && eldestFirst.hasNext()) {
            weight -= eldestFirst.next().weight();
            eldestFirst.remove();
        }
    }

    void remove(String aggregateId) {
        Cached removed = entries.remove(aggregateId);
        if (removed != null) {
            weight -= removed.weight();
        }
    }

    void clear() {
        entries.clear();
        weight = 0;
    }

    int size() {
        return entries.size();
    }

    /** The states kept, each counted 1 plus the values it held when put. */
    long weight() {
        return weight;
    }
}
