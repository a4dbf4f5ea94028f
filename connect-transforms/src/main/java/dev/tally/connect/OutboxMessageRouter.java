package dev.tally.connect;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.header.Headers;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Turns each of the aggregator's outbox messages, as Debezium's PostgreSQL connector captures it (a logical decoding
 * message with prefix {@value OutboxMessage#PREFIX}), into the record the publisher reads: on the pipeline's
 * aggregates topic ({@code topic.format}, {@code tally.{pipeline}.aggregates}), keyed by the aggregate id (a string),
 * with the update's JSON as the value (bytes, as written) and the event type in the {@value #EVENT_TYPE_HEADER}
 * header. The partition is left to the producer, which hashes the key, as Debezium's outbox EventRouter does. A
 * message that removes its aggregate ({@link OutboxMessage#REMOVED}) becomes a tombstone: a null value.
 *
 * <p>Records that are not Tally's messages (heartbeats, messages with another prefix) pass unchanged. A Tally message
 * that cannot be read fails the task with the reason: only the aggregator writes them, so that is a bug to see, not
 * input to skip.
 */
public class OutboxMessageRouter<R extends ConnectRecord<R>> implements Transformation<R> {

    /** The topic a pipeline's updates go to; {@value #PIPELINE_PLACEHOLDER} stands for the pipeline. */
    public static final String TOPIC_FORMAT = "topic.format";
    public static final String PIPELINE_PLACEHOLDER = "{pipeline}";
    public static final String EVENT_TYPE_HEADER = "eventType";

    /** Debezium's schema names for a captured logical decoding message (PostgresSchemaFactory). */
    static final String MESSAGE_VALUE_SCHEMA = "io.debezium.connector.postgresql.MessageValue";
    static final String MESSAGE_FIELD = "message";
    static final String PREFIX_FIELD = "prefix";
    static final String CONTENT_FIELD = "content";

    private static final ConfigDef CONFIG = new ConfigDef().define(TOPIC_FORMAT, ConfigDef.Type.STRING,
            "tally." + PIPELINE_PLACEHOLDER + ".aggregates", new ConfigDef.NonEmptyString(), ConfigDef.Importance.HIGH,
            "The topic of a pipeline's aggregate updates; " + PIPELINE_PLACEHOLDER + " stands for the pipeline.");

    private final Map<String, String> topics = new ConcurrentHashMap<>();
    private String topicFormat;

    @Override
    public void configure(Map<String, ?> configs) {
        topicFormat = new AbstractConfig(CONFIG, configs).getString(TOPIC_FORMAT);
        if (!topicFormat.contains(PIPELINE_PLACEHOLDER)) {
            throw new ConfigException(TOPIC_FORMAT, topicFormat,
                    "must contain " + PIPELINE_PLACEHOLDER + ", or every pipeline's updates would share one topic");
        }
    }

    @Override
    public R apply(R record) {
        Schema valueSchema = record.valueSchema();
        if (record.value() == null || valueSchema == null || !MESSAGE_VALUE_SCHEMA.equals(valueSchema.name())) {
            return record;
        }
        Struct message = ((Struct) record.value()).getStruct(MESSAGE_FIELD);
        if (!OutboxMessage.PREFIX.equals(message.getString(PREFIX_FIELD))) {
            return record;
        }
        OutboxMessage update = decode(message);
        Headers headers = record.headers().duplicate();
        headers.addString(EVENT_TYPE_HEADER, update.eventType());
        return record.newRecord(topic(update.pipeline()), null, Schema.STRING_SCHEMA, update.aggregateId(),
                update.removes() ? Schema.OPTIONAL_BYTES_SCHEMA : Schema.BYTES_SCHEMA,
                update.removes() ? null : update.payloadBytes(), record.timestamp(), headers);
    }

    private static OutboxMessage decode(Struct message) {
        Object content = message.get(CONTENT_FIELD);
        if (content instanceof ByteBuffer buffer) {
            byte[] copy = new byte[buffer.remaining()];
            buffer.duplicate().get(copy);
            content = copy;
        }
        if (!(content instanceof byte[] bytes)) {
            throw new DataException("a Tally outbox message's content must be bytes (the connector's"
                    + " binary.handling.mode must be 'bytes'), found " + (content == null ? "null"
                    : content.getClass().getSimpleName()));
        }
        try {
            return OutboxMessage.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new DataException(e.getMessage(), e);
        }
    }

    private String topic(String pipeline) {
        return topics.computeIfAbsent(pipeline, p -> topicFormat.replace(PIPELINE_PLACEHOLDER, p));
    }

    @Override
    public ConfigDef config() {
        return CONFIG;
    }

    @Override
    public void close() {
    }
}
