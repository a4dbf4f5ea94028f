package dev.tally.ingest;

import dev.tally.ingest.cdc.SourceTimestampUnits;
import dev.tally.service.PipelineRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Every pipeline of {@code tally.pipelines}, ready to map and encode changes. */
@ApplicationScoped
public class IngestPipelines {

    private final Map<String, IngestPipeline> byName = new LinkedHashMap<>();

    public IngestPipelines(PipelineRegistry registry, SourceTimestampUnits timestampUnits) {
        registry.all().forEach(pipeline -> byName.put(pipeline.name(),
                new IngestPipeline(pipeline, timestampUnits.of(pipeline))));
    }

    public Collection<IngestPipeline> all() {
        return byName.values();
    }

    public Optional<IngestPipeline> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The names, for messages about a pipeline that is not there. */
    public String names() {
        return String.join(", ", byName.keySet());
    }
}
