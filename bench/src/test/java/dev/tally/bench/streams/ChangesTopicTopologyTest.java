package dev.tally.bench.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.ChangeEventCodec;
import dev.tally.pipeline.event.GroupKey;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineLoader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The changes-topic peer folds Tally's own change events (written by pipeline-core's codec) into what
 * Tally computes: inserts, updates, a product move (retract here, add there) and a delete, min and max included.
 */
class ChangesTopicTopologyTest {

    private static final Path PIPELINE = Path.of("../examples/orders/sales-by-product.yaml");

    @Test
    void appliesAfterMinusBeforeExactlyUnderUpdatesMovesAndDeletes(@TempDir Path state) throws Exception {
        CompiledPipeline pipeline = new PipelineLoader().load(PIPELINE);
        ChangeEventCodec codec = new ChangeEventCodec(pipeline);
        TallyChangeDecoder decoder = new TallyChangeDecoder(pipeline);
        try (TopologyTestDriver driver = new TopologyTestDriver(
                ChangesTopicTopology.build(decoder, "changes", "out"), config(state))) {
            TestInputTopic<byte[], byte[]> changes = driver.createInputTopic("changes", new ByteArraySerializer(),
                    new ByteArraySerializer());
            TestOutputTopic<byte[], Sales> out = driver.createOutputTopic("out", new ByteArrayDeserializer(),
                    PeerSerdes.sales().deserializer());
            List<ChangeEvent> events = List.of(
                    event(pipeline, 1, 7, null, line(3, "2.50")),
                    event(pipeline, 2, 7, null, line(1, "9.90")),
                    event(pipeline, 3, 8, null, line(2, "1.00")),
                    event(pipeline, 1, 7, line(3, "2.50"), line(4, "2.50")),
                    event(pipeline, 2, 7, line(1, "9.90"), null),
                    event(pipeline, 2, 8, null, line(1, "9.90")),
                    event(pipeline, 3, 8, line(2, "1.00"), null));
            for (ChangeEvent event : events) {
                changes.pipeInput(event.key().encoded().getBytes(StandardCharsets.UTF_8), codec.encode(event));
            }

            Map<Long, Sales> latest = new HashMap<>();
            for (KeyValue<byte[], Sales> record : out.readKeyValuesToList()) {
                latest.put(decoder.product(record.key), record.value);
            }
            assertThat(latest.get(7L).lines).isEqualTo(1);
            assertThat(latest.get(7L).units).isEqualTo(4);
            assertThat(latest.get(7L).revenue).isEqualByComparingTo("10.00");
            assertThat(latest.get(7L).minPrice()).isEqualByComparingTo("2.50");
            assertThat(latest.get(7L).maxPrice()).isEqualByComparingTo("2.50");
            assertThat(latest.get(8L).lines).isEqualTo(1);
            assertThat(latest.get(8L).units).isEqualTo(1);
            assertThat(latest.get(8L).revenue).isEqualByComparingTo("9.90");
            assertThat(latest.get(8L).minPrice()).isEqualByComparingTo(new BigDecimal("9.90"));
        }
    }

    private static Properties config(Path state) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "changes-peer-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        return config;
    }

    private static ChangeEvent event(CompiledPipeline pipeline, long row, long product, Map<String, Object> before,
                                     Map<String, Object> after) {
        String id = row + "-" + product + "-" + (before == null) + (after == null);
        return new ChangeEvent(pipeline.name(), id, new GroupKey(List.of(product)), null, before, after,
                String.valueOf(row), "0", Instant.EPOCH, Instant.EPOCH, "order-lines", "0");
    }

    /** The sales-by-product aggregates' inputs of one order line. */
    private static Map<String, Object> line(long quantity, String price) {
        BigDecimal unitPrice = new BigDecimal(price);
        return Map.of("lines", 1L, "units", quantity, "revenue", unitPrice.multiply(BigDecimal.valueOf(quantity)),
                "min_price", unitPrice, "max_price", unitPrice);
    }
}
