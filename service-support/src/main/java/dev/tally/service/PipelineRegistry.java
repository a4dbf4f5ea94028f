package dev.tally.service;

import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineCatalog;
import dev.tally.pipeline.load.PipelineDefinitionException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The pipelines this service runs, from {@code tally.pipelines} (files or folders). A bad
 * definition stops the service at start, with every problem: file, path, reason.
 */
@ApplicationScoped
public class PipelineRegistry {

    private final PipelineCatalog catalog;

    public PipelineRegistry(@ConfigProperty(name = "tally.pipelines") List<String> pipelines) {
        try {
            this.catalog = PipelineCatalog.load(pipelines.stream().map(Path::of).toList());
        } catch (PipelineDefinitionException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    public Collection<CompiledPipeline> all() {
        return catalog.all();
    }

    public Optional<CompiledPipeline> get(String name) {
        return catalog.get(name);
    }
}
