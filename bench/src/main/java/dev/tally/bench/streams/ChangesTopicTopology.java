package dev.tally.bench.streams;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The Kafka Streams peer of Tally's aggregator, on the aggregator's own input: Tally's changes
 * topic, already keyed by group key, aggregated per key with {@code groupByKey().aggregate()}
 * applying {@code after - before} — no repartition, one RocksDB store.
 */
public final class ChangesTopicTopology {

    public static final String STORE = "sales-by-product";

    private ChangesTopicTopology() {
    }

    public static Topology build(TallyChangeDecoder decoder, String changesTopic, String outputTopic) {
        Serde<Sales> salesSerde = PeerSerdes.sales();
        Serde<ContributionChange> changeSerde = PeerSerdes.tallyChanges(decoder);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(changesTopic, Consumed.with(Serdes.Bytes(), changeSerde))
                .groupByKey(Grouped.with(Serdes.Bytes(), changeSerde))
                .aggregate(Sales::new, (key, change, sales) -> sales.apply(change),
                        Materialized.<Bytes, Sales, KeyValueStore<Bytes, byte[]>>as(STORE)
                                .withKeySerde(Serdes.Bytes()).withValueSerde(salesSerde))
                .toStream()
                .to(outputTopic, Produced.with(Serdes.Bytes(), salesSerde));
        return builder.build();
    }
}
