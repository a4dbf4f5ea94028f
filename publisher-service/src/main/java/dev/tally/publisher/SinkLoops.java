package dev.tally.publisher;

import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.SinkDefinition;
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
import jakarta.enterprise.inject.Instance;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * At start, prepares every sink of every pipeline and then gives each its own consumer group
 * ({@code tally.<pipeline>.sink.<sink>}) and loop on {@code tally.<pipeline>.aggregates}. Any sink that cannot be
 * prepared stops the start, before a single record is consumed.
 */
@ApplicationScoped
public class SinkLoops {

    private static final Logger LOG = Logger.getLogger(SinkLoops.class);

    private final PipelineRegistry pipelines;
    private final Instance<SinkFactory> factories;
    private final TopicAdmin topics;
    private final KafkaClients kafka;
    private final ConsumerLoops loops;
    private final DeadLetters deadLetters;
    private final MeterRegistry registry;
    private final PublisherConfig config;

    public SinkLoops(PipelineRegistry pipelines, Instance<SinkFactory> factories, TopicAdmin topics, KafkaClients kafka,
                     ConsumerLoops loops, DeadLetters deadLetters, MeterRegistry registry, PublisherConfig config) {
        this.pipelines = pipelines;
        this.factories = factories;
        this.topics = topics;
        this.kafka = kafka;
        this.loops = loops;
        this.deadLetters = deadLetters;
        this.registry = registry;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        List<TopicSpec> needed = new ArrayList<>();
        for (CompiledPipeline pipeline : pipelines.all()) {
            needed.add(new TopicSpec(pipeline.pipeline().aggregatesTopic(), true));
            needed.add(new TopicSpec(pipeline.pipeline().dlqTopic(), false));
        }
        topics.ensure(needed);

        List<Runnable> starts = new ArrayList<>();
        for (CompiledPipeline pipeline : pipelines.all()) {
            if (pipeline.pipeline().sinks().isEmpty()) {
                LOG.infof("pipeline %s has no sinks: nothing to publish", pipeline.name());
            }
            for (SinkDefinition definition : pipeline.pipeline().sinks()) {
                SinkFactory factory = factoryFor(pipeline, definition);
                Optional<String> skipped = factory.skipReason(definition);
                if (skipped.isPresent()) {
                    LOG.infof("pipeline %s (%s): %s: the sink is left out", pipeline.name(), pipeline.pipeline().file(),
                            skipped.get());
                    continue;
                }
                SinkMetrics metrics = new SinkMetrics(registry, pipeline.name(), definition.name());
                Sink sink = factory.create(pipeline, definition, metrics);
                sink.prepare();
                SinkBatchHandler handler = new SinkBatchHandler(pipeline, sink, deadLetters, metrics);
                starts.add(() -> start(pipeline, sink, handler));
            }
        }
        starts.forEach(Runnable::run);
    }

    private void start(CompiledPipeline pipeline, Sink sink, SinkBatchHandler handler) {
        String group = pipeline.pipeline().sinkGroup(sink.name());
        loops.start("sink-" + pipeline.name() + "-" + sink.name(), kafka.consumer(group, config.batchSize()),
                Set.of(pipeline.pipeline().aggregatesTopic()), handler);
        LOG.infof("sink %s of pipeline %s consumes %s as group %s", sink.name(), pipeline.name(),
                pipeline.pipeline().aggregatesTopic(), group);
    }

    private SinkFactory factoryFor(CompiledPipeline pipeline, SinkDefinition definition) {
        for (SinkFactory factory : factories) {
            if (factory.supports(definition)) {
                return factory;
            }
        }
        throw new IllegalStateException("pipeline " + pipeline.name() + " (" + pipeline.pipeline().file() + "): sink '"
                + definition.name() + "' is a " + definition.getClass().getSimpleName()
                + ", which this publisher cannot deliver to; run a publisher version that supports it");
    }
}
