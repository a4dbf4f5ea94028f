package dev.tally.ingest.cdc;

import dev.tally.pipeline.connect.KafkaConnectorResources;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.SourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Names the raw CDC topic of each database source: its own {@code topic}, else the topic its
 * KafkaConnector resource ({@code <tally.strimzi-dir>/connectors/<connector>.yaml}) gives its table.
 */
@ApplicationScoped
public class RawTopicResolver {

    private final Path strimziDir;
    private final KafkaConnectorResources connectors;

    public RawTopicResolver(@ConfigProperty(name = "tally.strimzi-dir") Path strimziDir) {
        this.strimziDir = strimziDir;
        this.connectors = new KafkaConnectorResources(strimziDir);
    }

    /**
     * The raw topics of the pipeline's database sources, each with the source that reads it.
     *
     * @throws IllegalStateException when a topic cannot be named, or when two sources would read the same topic
     */
    public Map<String, String> sourcesByTopic(CompiledPipeline pipeline) {
        Map<String, String> sources = new LinkedHashMap<>();
        for (SourceDefinition source : pipeline.pipeline().sources()) {
            if (!source.type().isCdc()) {
                continue;
            }
            String topic = topic(pipeline, source);
            String other = sources.putIfAbsent(topic, source.name());
            if (other != null) {
                throw new IllegalStateException(where(pipeline, source) + ": it reads topic '" + topic
                        + "', which source '" + other + "' reads too. A raw topic carries the changes of one table"
                        + " and goes to one source: remove one of the two sources or give each its own table or topic");
            }
        }
        return sources;
    }

    private String topic(CompiledPipeline pipeline, SourceDefinition source) {
        if (source.topic().isPresent()) {
            return source.topic().get();
        }
        String connector = source.connector().orElseThrow(() -> new IllegalStateException(where(pipeline, source)
                + " names neither a topic nor a connector"));
        String table = source.table().orElseThrow(() -> new IllegalStateException(where(pipeline, source)
                + " names no table"));
        try {
            return connectors.read(connector).topicFor(table);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(where(pipeline, source) + ": cannot name its raw topic: " + e.getMessage()
                    + ". Set tally.strimzi-dir (now " + strimziDir.toAbsolutePath().normalize()
                    + ") to the folder holding connectors/" + connector + ".yaml, or give the source a 'topic'", e);
        }
    }

    private static String where(CompiledPipeline pipeline, SourceDefinition source) {
        return "pipeline '" + pipeline.name() + "' (" + pipeline.pipeline().file() + "), source '" + source.name() + "'";
    }
}
