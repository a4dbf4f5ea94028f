package dev.tally.aggregator.dlq;

import dev.tally.aggregator.dlq.DlqEntry;
import dev.tally.aggregator.dlq.Payload;
import dev.tally.aggregator.store.DlqCoordinates;
import dev.tally.aggregator.store.Redrive;
import dev.tally.pipeline.dlq.DeadLetter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Reads the records of a dead-letter topic: the dead letter in their headers, and the entry the API shows. */
final class DeadLetterRecords {

    private DeadLetterRecords() {
    }

    static DlqCoordinates coordinates(ConsumerRecord<byte[], byte[]> record) {
        return new DlqCoordinates(record.partition(), record.offset());
    }

    /**
     * The dead letter a record of the dead-letter topic carries.
     *
     * @throws IllegalArgumentException naming the missing or malformed header
     */
    static DeadLetter letter(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            // The last one wins: the headers a stage added come after the original record's.
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return DeadLetter.fromHeaders(headers);
    }

    static DlqEntry entry(ConsumerRecord<byte[], byte[]> record, List<Redrive> redrives) {
        Instant timestamp = Instant.ofEpochMilli(record.timestamp());
        try {
            DeadLetter letter = letter(record);
            return new DlqEntry(record.partition(), record.offset(), timestamp, letter.stage().label(), letter.reason(),
                    new DlqEntry.Original(letter.topic(), letter.partition(), letter.offset(), letter.timestamp()),
                    letter.sink().orElse(null), Payload.of(record.key()), Payload.of(record.value()), null, redrives);
        } catch (IllegalArgumentException e) {
            return new DlqEntry(record.partition(), record.offset(), timestamp, null, null, null, null,
                    Payload.of(record.key()), Payload.of(record.value()), e.getMessage(), redrives);
        }
    }
}
