package dev.tally.bench.streams;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;

/**
 * The Kafka Streams peer of Tally's sales-by-product pipeline, as a Streams user would write it:
 * the raw Debezium topic read as a KTable keyed by primary key (a delete is the row's tombstone),
 * re-grouped by product, aggregated with an adder and a subtractor so updates, product moves and
 * deletes stay exact.
 */
public final class RawTopicTopology {

    private RawTopicTopology() {
    }

    public static Topology build(String rawTopic, String outputTopic) {
        Serde<Line> lineSerde = PeerSerdes.line();
        Serde<Sales> salesSerde = PeerSerdes.sales();
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream(rawTopic, Consumed.with(Serdes.String(), Serdes.serdeFrom(lineSerde.serializer(),
                        new DebeziumLineDeserializer())))
                .toTable(Materialized.with(Serdes.String(), lineSerde))
                .groupBy((rowKey, line) -> KeyValue.pair(line.product(), line), Grouped.with(Serdes.Long(), lineSerde))
                .aggregate(Sales::new,
                        (product, line, sales) -> sales.add(line),
                        (product, line, sales) -> sales.remove(line),
                        Materialized.with(Serdes.Long(), salesSerde))
                .toStream()
                .to(outputTopic, Produced.with(Serdes.Long(), salesSerde));
        return builder.build();
    }
}
