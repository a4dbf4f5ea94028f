package dev.tally.pipeline.load;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a pipeline file, checks everything that can be checked before anything runs, and
 * compiles its expressions. A bad file is refused with every problem found: file, path, reason.
 */
public final class PipelineLoader {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    public CompiledPipeline load(Path file) throws PipelineDefinitionException {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw single(file.toString(), "no such file");
        } catch (IOException e) {
            throw single(file.toString(), "cannot be read: " + e.getMessage());
        }
        return load(text, file.toString());
    }

    /** Loads a pipeline from YAML text; {@code fileName} only names it in problem reports. */
    public CompiledPipeline load(String yaml, String fileName) throws PipelineDefinitionException {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw single(fileName, "is not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ")"));
        }
        Problems problems = new Problems(fileName);
        SectionValues values = PipelineOptions.PIPELINE.read(root, "", problems);
        if (values == null) {
            problems.throwIfAny();
        }
        CompiledPipeline pipeline = new PipelineCompiler(fileName, problems).compile(values);
        problems.throwIfAny();
        return pipeline;
    }

    private static PipelineDefinitionException single(String file, String reason) {
        return new PipelineDefinitionException(java.util.List.of(new PipelineProblem(file, "", reason)));
    }
}
