package dev.tally.ingest.cdc;

import dev.tally.pipeline.connect.KafkaConnectorResources;
import dev.tally.pipeline.event.EpochUnit;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.SourceDefinition;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The unit of each database source's timestamp numbers, where its KafkaConnector resource fixes one
 * ({@code time.precision.mode: connect}: milliseconds). The numbers of other sources are refused rather than guessed.
 */
@ApplicationScoped
public class SourceTimestampUnits {

    private final KafkaConnectorResources connectors;

    public SourceTimestampUnits(@ConfigProperty(name = "tally.strimzi-dir") Path strimziDir) {
        this.connectors = new KafkaConnectorResources(strimziDir);
    }

    /** The known units of the pipeline's database sources, by source name. */
    public Map<String, EpochUnit> of(CompiledPipeline pipeline) {
        Map<String, EpochUnit> units = new LinkedHashMap<>();
        for (SourceDefinition source : pipeline.pipeline().sources()) {
            if (!source.type().isCdc() || source.connector().isEmpty()) {
                continue;
            }
            try {
                connectors.read(source.connector().get()).timestampUnit()
                        .ifPresent(unit -> units.put(source.name(), unit));
            } catch (IllegalArgumentException unreadable) {
                // It tells no unit, so the source's timestamp numbers are refused with the reason; RawTopicResolver
                // reports the resource itself where the source needs it for its topic.
            }
        }
        return units;
    }
}
