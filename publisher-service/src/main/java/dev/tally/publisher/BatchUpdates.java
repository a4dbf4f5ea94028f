package dev.tally.publisher;

import dev.tally.pipeline.event.AggregateUpdate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The decoded updates of one batch with the records they came from: reduced to the newest version per aggregate, or
 * every version in order, and the record behind each, for the dead-letter topic.
 */
final class BatchUpdates {

    private static final Comparator<AggregateUpdate> BY_ID_THEN_VERSION = Comparator
            .comparing(AggregateUpdate::aggregateId).thenComparingLong(AggregateUpdate::version);

    private record Version(String aggregateId, long version) {
        static Version of(AggregateUpdate update) {
            return new Version(update.aggregateId(), update.version());
        }
    }

    private final Map<Version, AggregateUpdate> updates = new HashMap<>();
    private final Map<Version, ConsumerRecord<byte[], byte[]>> records = new HashMap<>();

    /** Adds an update; a repeat of a version already added keeps the later record. */
    void add(AggregateUpdate update, ConsumerRecord<byte[], byte[]> record) {
        updates.put(Version.of(update), update);
        records.put(Version.of(update), record);
    }

    /** The newest version of each aggregate, ordered by aggregate id, so concurrent writers lock rows in one order. */
    List<AggregateUpdate> newest() {
        Map<String, AggregateUpdate> newest = new HashMap<>();
        for (AggregateUpdate update : updates.values()) {
            newest.merge(update.aggregateId(), update,
                    (kept, other) -> other.version() > kept.version() ? other : kept);
        }
        List<AggregateUpdate> result = new ArrayList<>(newest.values());
        result.sort(BY_ID_THEN_VERSION);
        return result;
    }

    /** Every version once, ordered by aggregate id, then version. */
    List<AggregateUpdate> every() {
        List<AggregateUpdate> result = new ArrayList<>(updates.values());
        result.sort(BY_ID_THEN_VERSION);
        return result;
    }

    /** The record an update was decoded from. */
    ConsumerRecord<byte[], byte[]> recordOf(AggregateUpdate update) {
        ConsumerRecord<byte[], byte[]> record = records.get(Version.of(update));
        if (record == null) {
            throw new IllegalArgumentException("version " + update.version() + " of aggregate " + update.aggregateId()
                    + " is not in this batch");
        }
        return record;
    }
}
