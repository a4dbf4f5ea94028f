package dev.tally.ingest;

import dev.tally.ingest.cdc.CdcBatchHandler;
import dev.tally.ingest.cdc.RawTopicResolver;
import dev.tally.service.ConsumerLoops;
import dev.tally.service.KafkaClients;
import dev.tally.service.TopicAdmin;
import dev.tally.service.TopicAdmin.TopicSpec;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * At start: names every pipeline's raw topics (refusing to start when one cannot be named or is
 * read twice), creates the changes and dead-letter topics, and starts one consumer loop per
 * pipeline with database sources.
 */
@ApplicationScoped
public class IngestStartup {

    private static final Logger LOG = Logger.getLogger(IngestStartup.class);

    private final IngestPipelines pipelines;
    private final RawTopicResolver rawTopics;
    private final TopicAdmin topicAdmin;
    private final ConsumerLoops loops;
    private final KafkaClients clients;
    private final IngestMetrics metrics;
    private final IngestConfig config;

    public IngestStartup(IngestPipelines pipelines, RawTopicResolver rawTopics, TopicAdmin topicAdmin,
                         ConsumerLoops loops, KafkaClients clients,
                         IngestMetrics metrics, IngestConfig config) {
        this.pipelines = pipelines;
        this.rawTopics = rawTopics;
        this.topicAdmin = topicAdmin;
        this.loops = loops;
        this.clients = clients;
        this.metrics = metrics;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        // Name every topic first: a pipeline that cannot run must stop the start before any loop runs.
        Map<IngestPipeline, Map<String, String>> sourcesByTopic = new LinkedHashMap<>();
        List<TopicSpec> topics = new ArrayList<>();
        for (IngestPipeline pipeline : pipelines.all()) {
            sourcesByTopic.put(pipeline, rawTopics.sourcesByTopic(pipeline.definition()));
            topics.add(new TopicSpec(pipeline.definition().pipeline().changesTopic(), false));
            topics.add(new TopicSpec(pipeline.definition().pipeline().dlqTopic(), false));
        }
        topicAdmin.ensure(topics);
        sourcesByTopic.forEach((pipeline, sources) -> {
            if (sources.isEmpty()) {
                LOG.infof("pipeline %s has no database source: it takes changes over HTTP only", pipeline.name());
                return;
            }
            String group = pipeline.definition().pipeline().ingestGroup();
            String transactionalId = config.transactionalIdPrefix() + "-" + pipeline.name();
            loops.start("ingest-" + pipeline.name(), clients.consumer(group, config.batchSize()), sources.keySet(),
                    new CdcBatchHandler(pipeline, sources, clients.transactionalProducer(transactionalId), metrics,
                            config.commitInterval()));
            LOG.infof("pipeline %s: consuming %s as group %s", pipeline.name(), sources, group);
        });
    }
}
