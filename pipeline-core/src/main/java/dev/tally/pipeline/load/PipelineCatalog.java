package dev.tally.pipeline.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import dev.tally.pipeline.model.SinkDefinition;
import dev.tally.pipeline.model.SqlSinkDefinition;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The pipelines a service runs, loaded from files and folders, every problem of every file reported at once. */
public final class PipelineCatalog {

    private final Map<String, CompiledPipeline> byName;

    private PipelineCatalog(Map<String, CompiledPipeline> byName) {
        this.byName = byName;
    }

    /**
     * Loads every pipeline file named, and every {@code *.yaml} in the folders named.
     *
     * @throws PipelineDefinitionException with the problems of all files, or when none is found,
     *                                     or when two files declare the same pipeline name
     */
    public static PipelineCatalog load(List<Path> filesOrFolders) throws PipelineDefinitionException {
        List<PipelineProblem> problems = new ArrayList<>();
        Map<String, CompiledPipeline> byName = new LinkedHashMap<>();
        Map<String, String> tables = new HashMap<>();
        PipelineLoader loader = new PipelineLoader();
        for (Path file : files(filesOrFolders, problems)) {
            try {
                CompiledPipeline pipeline = loader.load(file);
                CompiledPipeline other = byName.putIfAbsent(pipeline.name(), pipeline);
                if (other != null) {
                    problems.add(new PipelineProblem(file.toString(), "name", "pipeline '" + pipeline.name()
                            + "' is also declared in " + other.pipeline().file()));
                }
                checkSinkTables(pipeline, tables, problems);
            } catch (PipelineDefinitionException e) {
                problems.addAll(e.problems());
            }
        }
        if (problems.isEmpty() && byName.isEmpty()) {
            problems.add(new PipelineProblem(String.valueOf(filesOrFolders), "", "no pipeline file (*.yaml) found"));
        }
        if (!problems.isEmpty()) {
            throw new PipelineDefinitionException(problems);
        }
        return new PipelineCatalog(byName);
    }

    public Optional<CompiledPipeline> get(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    public Collection<CompiledPipeline> all() {
        return byName.values();
    }

    /** Two pipelines writing one SQL table would overwrite each other's rows. */
    private static void checkSinkTables(CompiledPipeline pipeline, Map<String, String> tables,
                                        List<PipelineProblem> problems) {
        List<SinkDefinition> sinks = pipeline.pipeline().sinks();
        for (int i = 0; i < sinks.size(); i++) {
            if (sinks.get(i) instanceof SqlSinkDefinition sql) {
                String other = tables.putIfAbsent(sql.table(), pipeline.name());
                if (other != null && !other.equals(pipeline.name())) {
                    problems.add(new PipelineProblem(pipeline.pipeline().file(), "sinks[" + i + "].table",
                            "pipeline '" + other + "' already writes table '" + sql.table() + "'"));
                }
            }
        }
    }

    private static List<Path> files(List<Path> filesOrFolders, List<PipelineProblem> problems) {
        List<Path> files = new ArrayList<>();
        for (Path path : filesOrFolders) {
            if (Files.isDirectory(path)) {
                try (Stream<Path> entries = Files.list(path)) {
                    entries.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().forEach(files::add);
                } catch (IOException e) {
                    problems.add(new PipelineProblem(path.toString(), "", "cannot list the folder: " + e.getMessage()));
                }
            } else {
                files.add(path);
            }
        }
        return files;
    }
}
