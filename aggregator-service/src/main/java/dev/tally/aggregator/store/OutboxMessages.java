package dev.tally.aggregator.store;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Writes aggregate updates to the transactional outbox as logical decoding messages of the batch transaction
 * ({@code pg_logical_emit_message}, transactional, prefix {@value #PREFIX}): no table, no row to insert and delete,
 * only a WAL record that PostgreSQL hands to the outbox connector when the transaction commits. The connector's
 * {@code DecodeLogicalDecodingMessageContent} transform turns each message into what Debezium's outbox EventRouter
 * takes: {@code id}, {@code aggregatetype} (the pipeline), {@code aggregateid}, {@code type} and {@code payload}
 * (the update's JSON, published as it is).
 */
public final class OutboxMessages {

    /** The prefix of Tally's messages: the connector takes only these ({@code message.prefix.include.list}). */
    public static final String PREFIX = "tally.outbox";

    private static final String EMIT = """
            SELECT count(pg_logical_emit_message(true, '%s', m))
            FROM jsonb_array_elements_text(cast(cast(:messages as text) as jsonb)) AS m
            """.formatted(PREFIX);

    private OutboxMessages() {
    }

    /** Emits one message per update, in one statement. */
    public static Uni<Void> write(Mutiny.Session session, AggregateUpdateCodec codec, List<AggregateUpdate> updates) {
        if (updates.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        ArrayNode messages = SqlJson.JSON.createArrayNode();
        for (AggregateUpdate update : updates) {
            messages.add(SqlJson.text(SqlJson.JSON.createObjectNode()
                    .put("id", UUID.randomUUID().toString())
                    .put("aggregatetype", update.pipeline())
                    .put("aggregateid", update.aggregateId())
                    .put("type", update.type().eventType())
                    .put("payload", codec.toJson(update).toString())));
        }
        return session.createNativeQuery(EMIT, Object.class)
                .setParameter("messages", SqlJson.text(messages))
                .getSingleResult()
                .replaceWithVoid();
    }
}
