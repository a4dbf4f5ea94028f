package dev.tally.pipeline.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.tally.pipeline.event.ChangeMapper;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineDefinitionException;
import dev.tally.pipeline.load.PipelineLoader;
import dev.tally.pipeline.load.PipelineProblem;
import java.nio.charset.StandardCharsets;

/**
 * Any bytes, as a pipeline file, are loaded into a pipeline that a mapper can run, or refused with a
 * {@link PipelineDefinitionException} whose every problem names the file, the path in it and the reason. Anything
 * else thrown, and any hang, is a finding. Seeds and found crashes: {@code PipelineFileFuzzTestInputs/} under this
 * package's test resources.
 */
class PipelineFileFuzzTest {

    private static final String FILE = "fuzz.yaml";
    private static final PipelineLoader LOADER = new PipelineLoader();

    @DictionaryEntries({"name: ", "sources:", "type: ", "postgres", "http", "connector: ", "topic: ", "table: ",
            "columns: ", "fields: ", "where: ", "groupBy: ", "window: ", "tumbling", "hopping", "size: ",
            "advance: ", "on: ", "grace: ", "retention: ", "late: ", "future: ", "aggregates: ", "count()", "sum(",
            "avg(", "min(", "max(", "latest(", "sinks:", "sql", "onEmpty: ", "url: ", "urlFrom: ", "auth: ",
            "oauth2", "static", "batching: ", "retry: ", "journal: ", "long", "double", "decimal", "string",
            "boolean", "timestamp", "date", "1m", "500ms", "7d", "9999999999d", "99999999999999999999", "2147483648", "- ",
            "{", "}", "[", "]", "&a", "*a"})
    @FuzzTest(maxExecutions = 5_000)
    void loadsOrNamesEveryProblem(byte[] file) {
        CompiledPipeline pipeline;
        try {
            pipeline = LOADER.load(new String(file, StandardCharsets.UTF_8), FILE);
        } catch (PipelineDefinitionException refused) {
            if (refused.problems().isEmpty()) {
                throw new AssertionError("refused without a problem", refused);
            }
            for (PipelineProblem problem : refused.problems()) {
                if (!FILE.equals(problem.file()) || problem.path() == null || problem.reason() == null
                        || problem.reason().isBlank()) {
                    throw new AssertionError("a problem without its file, path or reason: " + problem, refused);
                }
            }
            return;
        }
        new ChangeMapper(pipeline);
    }
}
