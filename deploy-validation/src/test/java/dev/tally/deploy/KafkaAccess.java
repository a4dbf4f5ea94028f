package dev.tally.deploy;

import dev.tally.pipeline.connect.KafkaConnectorResources;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.Pipeline;
import dev.tally.pipeline.model.SinkDefinition;
import dev.tally.pipeline.model.SourceDefinition;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a component of Tally does on Kafka for the pipelines it runs: the topics it reads and writes and the
 * consumer groups it uses. Mirrors the services (ingest: {@code IngestStartup}; aggregator: {@code AggregatorStartup};
 * publisher: {@code SinkLoops}; DLQ: {@code DeadLetters}; the aggregator's dead-letter API: {@code DlqRedrive}) and the
 * outbox connector's routing.
 */
public record KafkaAccess(Set<String> reads, Set<String> writes, Set<String> groups, Set<String> transactionalIds) {

    public static final String INGEST = "tally-ingest";
    public static final String AGGREGATOR = "tally-aggregator";
    public static final String PUBLISHER = "tally-publisher";

    /** Per Deployment name of a service, and for Kafka Connect ({@code connect}): what the pipelines need. */
    public static Map<String, KafkaAccess> of(Collection<CompiledPipeline> pipelines, KafkaConnectorResources connectors) {
        Map<String, KafkaAccess> access = new LinkedHashMap<>();
        for (String component : new String[] {INGEST, AGGREGATOR, PUBLISHER, "connect"}) {
            access.put(component, new KafkaAccess(new TreeSet<>(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>()));
        }
        for (CompiledPipeline compiled : pipelines) {
            Pipeline pipeline = compiled.pipeline();
            KafkaAccess ingest = access.get(INGEST);
            boolean cdc = false;
            for (SourceDefinition source : pipeline.sources()) {
                if (source.type().isCdc()) {
                    cdc = true;
                    String topic = source.topic().orElseGet(() -> connectors.read(source.connector().orElseThrow())
                            .topicFor(source.table().orElseThrow()));
                    ingest.reads.add(topic);
                    access.get("connect").writes.add(topic);
                    // The dead-letter API re-drives ingest dead letters to their raw topic.
                    access.get(AGGREGATOR).writes.add(topic);
                }
            }
            if (cdc) {
                ingest.groups.add(pipeline.ingestGroup());
                // Its Kafka transactions: tally.ingest.transactional-id-prefix (tally-ingest-<host>-<port>) + pipeline.
                ingest.transactionalIds.add("tally-ingest-pod-8080-" + pipeline.name());
            }
            ingest.writes.add(pipeline.changesTopic());
            ingest.writes.add(pipeline.dlqTopic());

            KafkaAccess aggregator = access.get(AGGREGATOR);
            aggregator.reads.add(pipeline.changesTopic());
            aggregator.groups.add(pipeline.aggregatorGroup());
            aggregator.writes.add(pipeline.dlqTopic());
            // The dead-letter API: lists tally.<p>.dlq and re-drives aggregate and publish dead letters.
            aggregator.reads.add(pipeline.dlqTopic());
            aggregator.writes.add(pipeline.changesTopic());
            aggregator.writes.add(pipeline.aggregatesTopic());

            access.get("connect").writes.add(pipeline.aggregatesTopic());

            KafkaAccess publisher = access.get(PUBLISHER);
            if (!pipeline.sinks().isEmpty()) {
                publisher.reads.add(pipeline.aggregatesTopic());
                publisher.writes.add(pipeline.dlqTopic());
            }
            for (SinkDefinition sink : pipeline.sinks()) {
                publisher.groups.add(pipeline.sinkGroup(sink.name()));
            }
        }
        return access;
    }
}
