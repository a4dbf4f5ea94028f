package dev.tally.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.debezium.config.CommonConnectorConfig.BinaryHandlingMode;
import io.debezium.connector.postgresql.PostgresSchemaFactory;
import io.debezium.schema.SchemaNameAdjuster;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OutboxMessageRouterTest {

    /** What Debezium's PostgreSQL connector captures for {@code pg_logical_emit_message}, with its own schema. */
    private static final Schema BLOCK = PostgresSchemaFactory.get()
            .logicalDecodingMessageMonitorBlockSchema(SchemaNameAdjuster.NO_OP, BinaryHandlingMode.BYTES);
    private static final Schema VALUE = SchemaBuilder.struct().name(OutboxMessageRouter.MESSAGE_VALUE_SCHEMA)
            .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA)
            .field(OutboxMessageRouter.MESSAGE_FIELD, BLOCK).build();

    private final OutboxMessageRouter<SourceRecord> router = new OutboxMessageRouter<>();

    @BeforeEach
    void configure() {
        router.configure(Map.of(OutboxMessageRouter.TOPIC_FORMAT, "tally.{pipeline}.aggregates"));
    }

    @AfterEach
    void close() {
        router.close();
    }

    @Test
    void aTallyMessageGoesToItsPipelinesTopicKeyedByTheAggregateWithThePayloadAsWritten() {
        String payload = "{\"pipeline\":\"sales-by-product\",\"version\":7,\"result\":{\"units\":\"12\"}}";
        SourceRecord captured = captured(OutboxMessage.PREFIX,
                OutboxMessage.encode("sales-by-product", "[42]", "AggregateUpdated", payload));

        SourceRecord routed = router.apply(captured);

        assertThat(routed.topic()).isEqualTo("tally.sales-by-product.aggregates");
        assertThat(routed.kafkaPartition()).as("the producer hashes the key").isNull();
        assertThat(routed.keySchema()).isEqualTo(Schema.STRING_SCHEMA);
        assertThat(routed.key()).isEqualTo("[42]");
        assertThat(routed.valueSchema()).isEqualTo(Schema.BYTES_SCHEMA);
        assertThat(new String((byte[]) routed.value(), StandardCharsets.UTF_8)).isEqualTo(payload);
        assertThat(routed.timestamp()).isEqualTo(captured.timestamp());
        assertThat(routed.headers().lastWithName("eventType").value()).isEqualTo("AggregateUpdated");
        assertThat(routed.sourceOffset()).isEqualTo(captured.sourceOffset());
    }

    @Test
    void aMessageThatRemovesItsAggregateBecomesATombstone() {
        SourceRecord captured = captured(OutboxMessage.PREFIX,
                OutboxMessage.encode("sales-per-minute", "[42]@2026-01-01T00:00:00Z/2026-01-01T00:01:00Z",
                        OutboxMessage.REMOVED, ""));

        SourceRecord routed = router.apply(captured);

        assertThat(routed.topic()).isEqualTo("tally.sales-per-minute.aggregates");
        assertThat(routed.key()).isEqualTo("[42]@2026-01-01T00:00:00Z/2026-01-01T00:01:00Z");
        assertThat(routed.value()).isNull();
        assertThat(routed.valueSchema().isOptional()).isTrue();
        assertThat(routed.headers().lastWithName("eventType").value()).isEqualTo("AggregateExpired");
    }

    @Test
    void recordsThatAreNotTallyMessagesPassUnchanged() {
        SourceRecord otherPrefix = captured("audit", "hello");
        Schema rowSchema = SchemaBuilder.struct().name("source.public.order_lines.Envelope")
                .field("op", Schema.STRING_SCHEMA).build();
        SourceRecord row = new SourceRecord(Map.of(), Map.of(), "source.public.order_lines", null, rowSchema,
                new Struct(rowSchema).put("op", "c"));
        SourceRecord tombstone = new SourceRecord(Map.of(), Map.of(), "x", null, null, null);

        assertThat(router.apply(otherPrefix)).isSameAs(otherPrefix);
        assertThat(router.apply(row)).isSameAs(row);
        assertThat(router.apply(tombstone)).isSameAs(tombstone);
    }

    @Test
    void aTallyMessageThatCannotBeReadFailsWithWhatItHeld() {
        assertThatThrownBy(() -> router.apply(captured(OutboxMessage.PREFIX, "{\"aggregatetype\":\"sales\"}")))
                .isInstanceOf(DataException.class).hasMessageContaining("not a Tally outbox message")
                .hasMessageContaining("aggregatetype");
    }

    @Test
    void contentCapturedAsBase64TextIsRefusedNamingTheSetting() {
        Schema textBlock = PostgresSchemaFactory.get()
                .logicalDecodingMessageMonitorBlockSchema(SchemaNameAdjuster.NO_OP, BinaryHandlingMode.BASE64);
        Schema value = SchemaBuilder.struct().name(OutboxMessageRouter.MESSAGE_VALUE_SCHEMA)
                .field(OutboxMessageRouter.MESSAGE_FIELD, textBlock).build();
        SourceRecord record = new SourceRecord(Map.of(), Map.of(), "tally.outbox.message", null, value,
                new Struct(value).put(OutboxMessageRouter.MESSAGE_FIELD, new Struct(textBlock)
                        .put(OutboxMessageRouter.PREFIX_FIELD, OutboxMessage.PREFIX)
                        .put(OutboxMessageRouter.CONTENT_FIELD, "c2FsZXM=")));

        assertThatThrownBy(() -> router.apply(record)).isInstanceOf(DataException.class)
                .hasMessageContaining("binary.handling.mode");
    }

    @Test
    void aTopicFormatWithoutThePipelineIsRefused() {
        OutboxMessageRouter<SourceRecord> misconfigured = new OutboxMessageRouter<>();

        assertThatThrownBy(() -> misconfigured.configure(Map.of(OutboxMessageRouter.TOPIC_FORMAT, "aggregates")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("{pipeline}");
    }

    private static SourceRecord captured(String prefix, String content) {
        Struct message = new Struct(BLOCK).put(OutboxMessageRouter.PREFIX_FIELD, prefix)
                .put(OutboxMessageRouter.CONTENT_FIELD, content.getBytes(StandardCharsets.UTF_8));
        Struct value = new Struct(VALUE).put("op", "m").put("ts_ms", 1_733_000_000_000L)
                .put(OutboxMessageRouter.MESSAGE_FIELD, message);
        return new SourceRecord(Map.of("server", "tally.outbox"), Map.of("lsn", 42L), "tally.outbox.message", null,
                null, null, VALUE, value, 1_733_000_000_123L);
    }
}
