package dev.tally.aggregator.rebuild;

import dev.tally.pipeline.connect.KafkaConnectorResource;
import dev.tally.pipeline.connect.KafkaConnectorResources;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.SourceDefinition;
import dev.tally.pipeline.model.SourceType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Finds the connectors a pipeline's rebuild signals, from the pipeline's sources and their KafkaConnector
 * resources ({@code <tally.strimzi-dir>/connectors/<connector>.yaml}), and refuses what cannot be rebuilt.
 */
@ApplicationScoped
public class RebuildSources {

    private final KafkaConnectorResources resources;
    private final Function<String, Optional<String>> config;

    @Inject
    public RebuildSources(@ConfigProperty(name = "tally.strimzi-dir") Path strimziDir, Config config) {
        this(strimziDir, key -> config.getOptionalValue(key, String.class));
    }

    /** @param config looks up configuration, e.g. {@code tally.signal.orders-source.url} */
    RebuildSources(Path strimziDir, Function<String, Optional<String>> config) {
        this.resources = new KafkaConnectorResources(strimziDir);
        this.config = config;
    }

    /** @throws RebuildRefused (422) naming the source or connector that cannot be rebuilt, and why */
    List<SourceConnector> of(CompiledPipeline compiled) {
        String pipeline = compiled.name();
        if (compiled.pipeline().window().isPresent()) {
            throw new RebuildRefused(422, "pipeline " + pipeline + " has windows: a rebuild would re-read rows into "
                    + "windows its event time has closed; windowed pipelines cannot be rebuilt yet");
        }
        Map<String, List<SourceDefinition>> byConnector = new LinkedHashMap<>();
        for (SourceDefinition source : compiled.pipeline().sources()) {
            if (source.type() == SourceType.HTTP) {
                throw new RebuildRefused(422, "source " + source.name() + " of pipeline " + pipeline
                        + " is an http source: its events cannot be read again, so the pipeline cannot be rebuilt");
            }
            if (source.type() != SourceType.POSTGRES) {
                throw new RebuildRefused(422, "source " + source.name() + " of pipeline " + pipeline + " is "
                        + source.type().connectorName() + ": rebuilds signal PostgreSQL sources only so far");
            }
            byConnector.computeIfAbsent(source.connector().orElseThrow(), c -> new ArrayList<>()).add(source);
        }
        List<SourceConnector> connectors = new ArrayList<>();
        byConnector.forEach((name, sources) -> connectors.add(connector(pipeline, name, sources)));
        return connectors;
    }

    private SourceConnector connector(String pipeline, String name, List<SourceDefinition> sources) {
        KafkaConnectorResource resource;
        try {
            resource = resources.read(name);
        } catch (RuntimeException e) {
            throw new RebuildRefused(422, "connector " + name + " of pipeline " + pipeline + ": " + e.getMessage());
        }
        if (!resource.isPostgres()) {
            throw new RebuildRefused(422, "connector " + name + " (" + resource.file() + ") is "
                    + resource.connectorClass() + ", not " + KafkaConnectorResource.POSTGRES_CONNECTOR);
        }
        String signalTable = required(resource, "signal.data.collection",
                "it names the table incremental snapshots are asked for in");
        boolean sinkChannel = Arrays.stream(resource.config().getOrDefault("notification.enabled.channels", "")
                .split(",")).map(String::trim).anyMatch("sink"::equals);
        if (!sinkChannel) {
            throw new RebuildRefused(422, resource.file() + ": notification.enabled.channels must include sink, so "
                    + "the rebuild learns when the snapshot has completed");
        }
        String notificationTopic = required(resource, "notification.sink.topic.name",
                "the rebuild reads the snapshot's progress there");
        String urlKey = "tally.signal." + name + ".url";
        String signalUrl = config.apply(urlKey).filter(url -> !url.isBlank()).orElseThrow(() -> new RebuildRefused(422,
                "no " + urlKey + " (environment TALLY_SIGNAL_" + name.toUpperCase().replaceAll("[^A-Z0-9]", "_")
                        + "_URL): the aggregator writes the snapshot signal into " + signalTable + " of the source "
                        + "database of connector " + name + ", e.g. postgresql://user:password@host:5432/database"));
        List<String> tables = new ArrayList<>();
        List<String> rawTopics = new ArrayList<>();
        for (SourceDefinition source : sources) {
            String table = source.table().orElseThrow();
            tables.add(table);
            rawTopics.add(source.topic().orElseGet(() -> resource.topicFor(table)));
        }
        return new SourceConnector(name, signalTable, notificationTopic, List.copyOf(tables), List.copyOf(rawTopics),
                signalUrl);
    }

    private static String required(KafkaConnectorResource resource, String key, String why) {
        String value = resource.config().get(key);
        if (value == null || value.isBlank()) {
            throw new RebuildRefused(422, resource.file() + ": spec.config has no " + key + "; " + why);
        }
        return value;
    }
}
