package dev.tally.aggregator.apply;

import dev.tally.aggregator.AggregatorConfig;
import dev.tally.aggregator.AggregatorMetrics;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.Pipeline;
import dev.tally.service.ConsumerLoops;
import dev.tally.service.DeadLetters;
import dev.tally.service.KafkaClients;
import dev.tally.service.PipelineRegistry;
import dev.tally.service.TopicAdmin;
import dev.tally.service.TopicAdmin.TopicSpec;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Starts the aggregator once the schema is migrated: per pipeline, makes sure its topics exist and
 * starts a consumer loop (group {@code tally.<p>.aggregator}) on {@code tally.<p>.changes}.
 */
@ApplicationScoped
public class ChangeConsumers {

    private static final Logger LOG = Logger.getLogger(ChangeConsumers.class);

    private final PipelineRegistry pipelines;
    private final TopicAdmin topics;
    private final KafkaClients clients;
    private final ConsumerLoops loops;
    private final DeadLetters deadLetters;
    private final Mutiny.SessionFactory sessions;
    private final MeterRegistry registry;
    private final AggregatorConfig config;

    public ChangeConsumers(PipelineRegistry pipelines, TopicAdmin topics, KafkaClients clients, ConsumerLoops loops,
                             DeadLetters deadLetters, Mutiny.SessionFactory sessions, MeterRegistry registry,
                             AggregatorConfig config) {
        this.pipelines = pipelines;
        this.topics = topics;
        this.clients = clients;
        this.loops = loops;
        this.deadLetters = deadLetters;
        this.sessions = sessions;
        this.registry = registry;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        for (CompiledPipeline compiled : pipelines.all()) {
            Pipeline pipeline = compiled.pipeline();
            // The changes topic too: a consumer subscribed to a missing topic may not see it appear for minutes.
            topics.ensure(List.of(
                    new TopicSpec(pipeline.changesTopic(), false),
                    new TopicSpec(pipeline.aggregatesTopic(), true),
                    new TopicSpec(pipeline.dlqTopic(), false)));
            String group = pipeline.aggregatorGroup();
            loops.start("aggregator-" + pipeline.name(), clients.consumer(group, config.batchSize()),
                    List.of(pipeline.changesTopic()),
                    new BatchApplier(compiled, sessions, deadLetters, AggregatorMetrics.of(registry, pipeline.name()),
                            config.stateCacheSize(), config.stateCacheValues(), config.expiryBatchSize()));
            LOG.infof("aggregating pipeline %s: %s -> %s (group %s, batches of up to %d)", pipeline.name(),
                    pipeline.changesTopic(), pipeline.aggregatesTopic(), group, config.batchSize());
        }
    }
}
