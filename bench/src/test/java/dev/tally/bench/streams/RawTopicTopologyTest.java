package dev.tally.bench.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peer computes what Tally computes: inserts, updates, product moves and deletes, min and max included. */
class RawTopicTopologyTest {

    @Test
    void keepsEveryProductExactUnderUpdatesMovesAndDeletes(@TempDir Path state) {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "peer-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, state.toString());
        try (TopologyTestDriver driver = new TopologyTestDriver(RawTopicTopology.build("raw", "out"), config)) {
            TestInputTopic<String, String> raw = driver.createInputTopic("raw", new StringSerializer(), new StringSerializer());
            TestOutputTopic<Long, Sales> out = driver.createOutputTopic("out", new LongDeserializer(),
                    PeerSerdes.sales().deserializer());

            raw.pipeInput("{\"id\":1}", change("c", null, line(7, 3, "2.50")));
            raw.pipeInput("{\"id\":2}", change("c", null, line(7, 1, "9.90")));
            raw.pipeInput("{\"id\":3}", change("c", null, line(8, 2, "1.00")));
            raw.pipeInput("{\"id\":1}", change("u", line(7, 3, "2.50"), line(7, 4, "2.50")));
            raw.pipeInput("{\"id\":2}", change("u", line(7, 1, "9.90"), line(8, 1, "9.90")));
            raw.pipeInput("{\"id\":3}", change("d", line(8, 2, "1.00"), null));

            Map<Long, Sales> latest = out.readKeyValuesToMap();
            assertThat(latest.get(7L).lines).isEqualTo(1);
            assertThat(latest.get(7L).units).isEqualTo(4);
            assertThat(latest.get(7L).revenue).isEqualByComparingTo("10.00");
            assertThat(latest.get(7L).maxPrice()).isEqualByComparingTo("2.50");
            assertThat(latest.get(8L).lines).isEqualTo(1);
            assertThat(latest.get(8L).minPrice()).isEqualByComparingTo(new BigDecimal("9.90"));
            assertThat(latest.get(8L).revenue).isEqualByComparingTo("9.90");
        }
    }

    private static String change(String op, String before, String after) {
        return "{\"before\":" + before + ",\"after\":" + after + ",\"op\":\"" + op + "\"}";
    }

    private static String line(long product, long quantity, String price) {
        return "{\"product_id\":" + product + ",\"quantity\":" + quantity + ",\"unit_price\":\"" + price + "\"}";
    }
}
