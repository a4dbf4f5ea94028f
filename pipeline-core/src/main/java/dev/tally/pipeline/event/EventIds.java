package dev.tally.pipeline.event;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic event ids: the same source change always gets the same id, however often
 * Debezium delivers it, so the aggregator's journal can drop repeats.
 */
public final class EventIds {

    private EventIds() {
    }

    /** The id of a source change: from the source, its position in the log and the row. */
    public static String of(String source, String table, String position, String rowKey) {
        return nameBased(source + '\u0000' + table + '\u0000' + position + '\u0000' + rowKey);
    }

    /** The id of one part of a change that touches several groups or windows. */
    public static String derive(String eventId, String part) {
        return nameBased(eventId + '\u0000' + part);
    }

    private static String nameBased(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
