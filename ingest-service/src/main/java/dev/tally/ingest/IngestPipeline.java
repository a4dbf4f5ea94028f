package dev.tally.ingest;

import dev.tally.pipeline.cdc.RowChange;
import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeEventCodec;
import dev.tally.pipeline.event.ChangeMapper;
import dev.tally.pipeline.event.EpochUnit;
import dev.tally.pipeline.event.MappingException;
import dev.tally.pipeline.load.CompiledPipeline;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A pipeline as ingest runs it: maps source changes to change events and turns these into records of its changes topic. */
public final class IngestPipeline {

    private final CompiledPipeline pipeline;
    private final ChangeMapper mapper;
    private final ChangeEventCodec codec;

    /** @param timestampUnits the unit of each database source's timestamp numbers, where it is known */
    public IngestPipeline(CompiledPipeline pipeline, Map<String, EpochUnit> timestampUnits) {
        this.pipeline = pipeline;
        this.mapper = new ChangeMapper(pipeline, Clock.systemUTC(), timestampUnits);
        this.codec = new ChangeEventCodec(pipeline);
    }

    public String name() {
        return pipeline.name();
    }

    public CompiledPipeline definition() {
        return pipeline;
    }

    /** The change events of one change posted to the named source; none when the row counts neither before nor after. */
    public List<ChangeEvent> map(String source, RowChange change) throws MappingException {
        return mapper.map(source, change);
    }

    /** The change events of one change of the named source read at {@code offset} of {@code partition} of its raw topic. */
    public List<ChangeEvent> map(String source, RowChange change, int partition, long offset) throws MappingException {
        return mapper.map(source, change, partition, offset);
    }

    /** The record of {@code tally.<pipeline>.changes}: keyed by the group key, so every change of a group keeps its order. */
    public ProducerRecord<byte[], byte[]> record(ChangeEvent event) {
        return record(event, false);
    }

    /**
     * The record of {@code tally.<pipeline>.changes} for {@code event}, marked as made of a raw record re-driven for
     * this pipeline when {@code redriven} ({@link DeadLetter#REDRIVEN_FOR}).
     */
    public ProducerRecord<byte[], byte[]> record(ChangeEvent event, boolean redriven) {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(pipeline.pipeline().changesTopic(),
                event.key().encoded().getBytes(StandardCharsets.UTF_8), codec.encode(event));
        if (redriven) {
            record.headers().add(DeadLetter.REDRIVEN_FOR, pipeline.name().getBytes(StandardCharsets.UTF_8));
        }
        return record;
    }
}
