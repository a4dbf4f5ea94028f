package dev.tally.aggregator.apply;

import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeEventCodec;
import dev.tally.pipeline.event.StorableValues;
import dev.tally.pipeline.load.CompiledPipeline;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * Decodes a polled batch of change events of one pipeline, setting aside what cannot be decoded and what the store
 * could not hold ({@link StorableValues}: ingest refuses it already; a record written to the topic otherwise must not
 * fail every batch that holds it).
 */
public final class ChangeDecoder {

    /**
     * A decoded batch.
     *
     * @param events     the events, in record order, each event id once
     * @param repeats    how many records repeated an event id seen earlier in the batch
     * @param undecoded  the records that are not change events of this pipeline, or that the store could not hold
     */
    public record Decoded(List<PendingEvent> events, int repeats, List<Rejection> undecoded) {
    }

    private final String pipeline;
    private final ChangeEventCodec codec;
    private final boolean windowed;
    private final List<String> keyFields;

    public ChangeDecoder(CompiledPipeline pipeline) {
        this.pipeline = pipeline.name();
        this.codec = new ChangeEventCodec(pipeline);
        this.windowed = pipeline.pipeline().window().isPresent();
        this.keyFields = pipeline.pipeline().groupBy();
    }

    public Decoded decode(ConsumerRecords<byte[], byte[]> batch) {
        List<PendingEvent> events = new ArrayList<>(batch.count());
        List<Rejection> undecoded = new ArrayList<>();
        Set<String> ids = HashSet.newHashSet(batch.count());
        int repeats = 0;
        for (ConsumerRecord<byte[], byte[]> record : batch) {
            ChangeEvent event;
            try {
                event = decode(record);
            } catch (IllegalArgumentException e) {
                undecoded.add(new Rejection(record, "not a change event of pipeline " + pipeline + ": " + e.getMessage()
                        + "; only the ingest service should write to " + record.topic()));
                continue;
            }
            Optional<String> unstorable = StorableValues.problem(keyFields, event);
            if (unstorable.isPresent()) {
                undecoded.add(new Rejection(record, "event " + event.eventId() + ": " + unstorable.get()));
                continue;
            }
            if (ids.add(event.eventId())) {
                events.add(new PendingEvent(record, event));
            } else {
                repeats++;
            }
        }
        return new Decoded(events, repeats, undecoded);
    }

    private ChangeEvent decode(ConsumerRecord<byte[], byte[]> record) {
        if (record.value() == null) {
            throw new IllegalArgumentException("the record has no value");
        }
        ChangeEvent event;
        try {
            event = codec.decode(record.value());
        } catch (RuntimeException e) {
            // The codec reports what it expected as IllegalArgumentException; anything else is malformed input too.
            throw e instanceof IllegalArgumentException iae ? iae
                    : new IllegalArgumentException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        if (!isCanonicalUuid(event.eventId())) {
            throw new IllegalArgumentException("event id '" + event.eventId()
                    + "' is not a UUID in lower-case canonical form");
        }
        if (event.before() == null && event.after() == null) {
            throw new IllegalArgumentException("event " + event.eventId()
                    + " has neither a before nor an after contribution");
        }
        if (windowed && (event.window() == null || event.eventTime() == null)) {
            throw new IllegalArgumentException("event " + event.eventId() + " has no window or no event time, but "
                    + "the pipeline has windows");
        }
        if (!windowed && event.window() != null) {
            throw new IllegalArgumentException("event " + event.eventId() + " has a window, but the pipeline has none");
        }
        return event;
    }

    /** The journal hands ids back in this form, so only it can be matched. */
    private static boolean isCanonicalUuid(String id) {
        try {
            return UUID.fromString(id).toString().equals(id);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
