package dev.tally.bench.streams;

import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeEventCodec;
import dev.tally.pipeline.event.GroupKey;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineLoader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads the records of {@code tally.sales-by-product.changes} through pipeline-core's own codec, so
 * the Kafka Streams peer always reads the same input as Tally's aggregator, whatever its encoding.
 * The only place the peers touch Tally's change-event format.
 */
public final class TallyChangeDecoder implements Deserializer<ContributionChange> {

    private final CompiledPipeline pipeline;
    private final ChangeEventCodec codec;

    public TallyChangeDecoder(CompiledPipeline pipeline) {
        this.pipeline = pipeline;
        this.codec = new ChangeEventCodec(pipeline);
    }

    /** The decoder of the pipeline declared in {@code pipelineFile} (examples/orders/sales-by-product.yaml). */
    public static TallyChangeDecoder of(Path pipelineFile) {
        try {
            return new TallyChangeDecoder(new PipelineLoader().load(pipelineFile));
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot load pipeline " + pipelineFile + ": " + e.getMessage(), e);
        }
    }

    @Override
    public ContributionChange deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        ChangeEvent event = codec.decode(bytes);
        return new ContributionChange(contribution(event.before()), contribution(event.after()));
    }

    /** The product of a record key of the changes topic (the encoded group key). */
    public long product(byte[] key) {
        GroupKey groupKey = GroupKey.decode(new String(key, StandardCharsets.UTF_8), pipeline.keyTypes());
        return (Long) groupKey.values().get(0);
    }

    /** The pipeline's aggregate inputs by name: count()'s marker, quantity, quantity × unit_price, unit_price. */
    private static Contribution contribution(Map<String, Object> inputs) {
        if (inputs == null) {
            return null;
        }
        return new Contribution((Long) inputs.get("lines"), (Long) inputs.get("units"),
                (BigDecimal) inputs.get("revenue"), (BigDecimal) inputs.get("min_price"));
    }
}
