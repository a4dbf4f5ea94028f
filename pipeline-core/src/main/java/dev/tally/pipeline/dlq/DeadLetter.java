package dev.tally.pipeline.dlq;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Why a record went to a pipeline's dead-letter topic ({@code tally.<pipeline>.dlq}) and where it
 * came from. The dead-letter record keeps the original key and value bytes; these facts travel in
 * its headers, so the record can be inspected and re-driven.
 *
 * @param pipeline  the pipeline
 * @param stage     the stage that gave up on it
 * @param reason    what was wrong, for people
 * @param topic     the original topic
 * @param partition the original partition
 * @param offset    the original offset
 * @param timestamp the original record's timestamp
 * @param sink      the sink, for records a sink could not deliver
 */
public record DeadLetter(String pipeline, Stage stage, String reason, String topic, int partition, long offset,
                         Instant timestamp, Optional<String> sink) {

    public static final String PIPELINE = "tally.dlq.pipeline";
    public static final String STAGE = "tally.dlq.stage";
    public static final String REASON = "tally.dlq.reason";
    public static final String TOPIC = "tally.dlq.topic";
    public static final String PARTITION = "tally.dlq.partition";
    public static final String OFFSET = "tally.dlq.offset";
    public static final String TIMESTAMP = "tally.dlq.timestamp";
    public static final String SINK = "tally.dlq.sink";
    /** The prefix of every header above: a re-drive takes them off again. */
    public static final String HEADER_PREFIX = "tally.dlq.";
    /**
     * On every re-driven record, and on the change events the ingest service makes of a re-driven raw record: the
     * pipeline it was re-driven for. Other pipelines reading the same raw topic skip it (they took it already), and
     * the aggregator looks such a change up by id: it comes again out of its log's order.
     */
    public static final String REDRIVEN_FOR = "tally.redrive.pipeline";

    /** Reasons longer than this are cut: a header is not a log. */
    static final int MAX_REASON = 2000;

    /** The stage of the pipeline that gave up on a record. */
    public enum Stage {
        INGEST,
        AGGREGATE,
        PUBLISH;

        public String label() {
            return name().toLowerCase();
        }
    }

    public DeadLetter {
        reason = reason == null ? "unknown" : reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON - 3) + "..." : reason;
    }

    /** The headers to add to the dead-letter record, as text. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(PIPELINE, pipeline);
        headers.put(STAGE, stage.label());
        headers.put(REASON, reason);
        headers.put(TOPIC, topic);
        headers.put(PARTITION, Integer.toString(partition));
        headers.put(OFFSET, Long.toString(offset));
        headers.put(TIMESTAMP, timestamp.toString());
        sink.ifPresent(s -> headers.put(SINK, s));
        return headers;
    }

    /** Whether a header is one a dead letter or a re-drive added, not one of the original record. */
    public static boolean isTallyHeader(String name) {
        return name.startsWith(HEADER_PREFIX) || name.equals(REDRIVEN_FOR);
    }

    /**
     * Reads the facts back from a dead-letter record's headers.
     *
     * @throws IllegalArgumentException naming the missing or malformed header
     */
    public static DeadLetter fromHeaders(Map<String, String> headers) {
        try {
            return new DeadLetter(
                    required(headers, PIPELINE),
                    Stage.valueOf(required(headers, STAGE).toUpperCase()),
                    required(headers, REASON),
                    required(headers, TOPIC),
                    Integer.parseInt(required(headers, PARTITION)),
                    Long.parseLong(required(headers, OFFSET)),
                    Instant.parse(required(headers, TIMESTAMP)),
                    Optional.ofNullable(headers.get(SINK)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not a Tally dead letter: " + e.getMessage(), e);
        }
    }

    private static String required(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null) {
            throw new IllegalArgumentException("header " + name + " is missing");
        }
        return value;
    }
}
