package dev.tally.ingest;

import dev.tally.pipeline.cdc.RowChange;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeEventCodec;
import dev.tally.pipeline.event.ChangeMapper;
import dev.tally.pipeline.event.MappingException;
import dev.tally.pipeline.load.CompiledPipeline;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A pipeline as ingest runs it: maps source changes to change events and turns these into records of its changes topic. */
public final class IngestPipeline {

    private final CompiledPipeline pipeline;
    private final ChangeMapper mapper;
    private final ChangeEventCodec codec;

    public IngestPipeline(CompiledPipeline pipeline) {
        this.pipeline = pipeline;
        this.mapper = new ChangeMapper(pipeline);
        this.codec = new ChangeEventCodec(pipeline);
    }

    public String name() {
        return pipeline.name();
    }

    public CompiledPipeline definition() {
        return pipeline;
    }

    /** The change events of one change of the named source; none when the row counts neither before nor after. */
    public List<ChangeEvent> map(String source, RowChange change) throws MappingException {
        return mapper.map(source, change);
    }

    /** The record of {@code tally.<pipeline>.changes}: keyed by the group key, so every change of a group keeps its order. */
    public ProducerRecord<byte[], byte[]> record(ChangeEvent event) {
        return new ProducerRecord<>(pipeline.pipeline().changesTopic(),
                event.key().encoded().getBytes(StandardCharsets.UTF_8), codec.encode(event));
    }
}
