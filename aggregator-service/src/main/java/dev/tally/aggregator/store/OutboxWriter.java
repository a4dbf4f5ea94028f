package dev.tally.aggregator.store;

import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes aggregate updates to the outbox in the batch transaction. Each row is inserted and deleted
 * again: Debezium publishes the INSERT from the WAL, its EventRouter ignores the DELETE, and the
 * table never grows.
 */
public final class OutboxWriter {

    private OutboxWriter() {
    }

    /** Inserts then deletes one outbox row per update (each step one statement batch). */
    public static Uni<Void> write(Mutiny.Session session, AggregateUpdateCodec codec, List<AggregateUpdate> updates) {
        if (updates.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<OutboxEvent> rows = new ArrayList<>(updates.size());
        for (AggregateUpdate update : updates) {
            OutboxEvent row = new OutboxEvent();
            row.id = UUID.randomUUID();
            row.aggregateType = update.pipeline();
            row.aggregateId = update.aggregateId();
            row.type = update.type().eventType();
            row.timestamp = update.updatedAt();
            row.payload = codec.toJson(update).toString();
            rows.add(row);
        }
        Object[] entities = rows.toArray();
        // Flushed between the two steps: removing an entity that was never flushed would write nothing at all.
        return session.persistAll(entities)
                .chain(session::flush)
                .chain(() -> session.removeAll(entities))
                .chain(session::flush);
    }
}
