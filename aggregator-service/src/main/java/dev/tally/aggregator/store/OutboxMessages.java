package dev.tally.aggregator.store;

import dev.tally.connect.OutboxMessage;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import io.smallrye.mutiny.Uni;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes aggregate updates to the transactional outbox as logical decoding messages of the batch transaction
 * ({@code pg_logical_emit_message}, transactional, prefix {@value OutboxMessage#PREFIX}): no table, no row to insert
 * and delete, only a WAL record that PostgreSQL hands to the outbox connector when the transaction commits. Each
 * message is an {@link OutboxMessage} (pipeline, aggregate id, event type, the update's JSON), which the connector's
 * {@code OutboxMessageRouter} sends to the pipeline's aggregates topic.
 */
public final class OutboxMessages {

    private static final String EMIT = """
            SELECT count(pg_logical_emit_message(true, '%s', m))
            FROM unnest(cast($1 as text[])) AS m
            """.formatted(OutboxMessage.PREFIX);

    private OutboxMessages() {
    }

    /** Emits one message per removed aggregate of {@code pipeline}, each a tombstone on its topic, in one statement. */
    public static Uni<Void> removals(Mutiny.Session session, String pipeline, List<String> aggregateIds) {
        if (aggregateIds.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] messages = new String[aggregateIds.size()];
        for (int i = 0; i < messages.length; i++) {
            messages[i] = OutboxMessage.encode(pipeline, aggregateIds.get(i), OutboxMessage.REMOVED, "");
        }
        return emit(session, messages);
    }

    /** Emits one message per update, in one statement. */
    public static Uni<Void> write(Mutiny.Session session, AggregateUpdateCodec codec, List<AggregateUpdate> updates) {
        if (updates.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] messages = new String[updates.size()];
        for (int i = 0; i < messages.length; i++) {
            AggregateUpdate update = updates.get(i);
            messages[i] = OutboxMessage.encode(update.pipeline(), update.aggregateId(), update.type().eventType(),
                    codec.toJson(update).toString());
        }
        return emit(session, messages);
    }

    private static Uni<Void> emit(Mutiny.Session session, String[] messages) {
        return SqlArrays.select(session, EMIT, (Object) messages).replaceWithVoid();
    }
}
