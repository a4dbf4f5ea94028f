package dev.tally.connect;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One aggregate update as the aggregator emits it into the write-ahead log ({@code pg_logical_emit_message}, prefix
 * {@value #PREFIX}) and as {@link OutboxMessageRouter} reads it back in Kafka Connect: three header lines — the
 * pipeline, the aggregate id, the event type — then the update's JSON, as it is published.
 *
 * <p>A line format rather than a JSON envelope: the router finds three newlines and copies the payload's bytes,
 * with no parsing and no re-encoding (a JSON envelope held the payload as an escaped string that Debezium's
 * {@code DecodeLogicalDecodingMessageContent} parsed into a Struct per message, the largest cost of the outbox
 * connector). None of the three header values can hold a newline: pipeline names are plain identifiers, an aggregate
 * id is JSON text (which escapes its control characters) and event types are fixed names; {@link #encode} refuses one
 * that does.
 */
public final class OutboxMessage {

    /** The logical decoding message prefix of Tally's outbox; the outbox connector takes only these. */
    public static final String PREFIX = "tally.outbox";

    /**
     * The event type of a message that removes an aggregate (an expired window): it has no payload, and becomes a
     * tombstone (a null value), so that compaction drops the aggregate from its topic.
     */
    public static final String REMOVED = "AggregateExpired";

    private static final byte NEWLINE = '\n';

    private final String pipeline;
    private final String aggregateId;
    private final String eventType;
    private final byte[] payload;

    private OutboxMessage(String pipeline, String aggregateId, String eventType, byte[] payload) {
        this.pipeline = pipeline;
        this.aggregateId = aggregateId;
        this.eventType = eventType;
        this.payload = payload;
    }

    /** The message's content, as the aggregator hands it to {@code pg_logical_emit_message}. */
    public static String encode(String pipeline, String aggregateId, String eventType, String payload) {
        return header("pipeline", pipeline) + '\n' + header("aggregate id", aggregateId) + '\n'
                + header("event type", eventType) + '\n' + payload;
    }

    /**
     * Reads a message's content.
     *
     * @throws IllegalArgumentException when it does not have the three header lines
     */
    public static OutboxMessage decode(byte[] content) {
        int first = lineEnd(content, 0);
        int second = first < 0 ? -1 : lineEnd(content, first + 1);
        int third = second < 0 ? -1 : lineEnd(content, second + 1);
        if (third < 0 || first == 0 || second == first + 1 || third == second + 1) {
            throw new IllegalArgumentException("not a Tally outbox message (expected the lines pipeline, aggregate id"
                    + " and event type before the payload): "
                    + new String(content, 0, Math.min(content.length, 200), StandardCharsets.UTF_8));
        }
        return new OutboxMessage(text(content, 0, first), text(content, first + 1, second),
                text(content, second + 1, third), Arrays.copyOfRange(content, third + 1, content.length));
    }

    public String pipeline() {
        return pipeline;
    }

    public String aggregateId() {
        return aggregateId;
    }

    public String eventType() {
        return eventType;
    }

    /** Whether the message removes its aggregate ({@link #REMOVED}). */
    public boolean removes() {
        return REMOVED.equals(eventType);
    }

    /** The update's JSON, UTF-8, exactly as the aggregator wrote it. */
    public byte[] payload() {
        return payload.clone();
    }

    byte[] payloadBytes() {
        return payload;
    }

    private static String header(String what, String value) {
        if (value.isEmpty() || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("an outbox message's " + what + " must be one non-empty line: '"
                    + value + "'");
        }
        return value;
    }

    private static int lineEnd(byte[] content, int from) {
        for (int i = from; i < content.length; i++) {
            if (content[i] == NEWLINE) {
                return i;
            }
        }
        return -1;
    }

    private static String text(byte[] content, int from, int to) {
        return new String(content, from, to - from, StandardCharsets.UTF_8);
    }
}
