package dev.tally.pipeline.load;

/**
 * One thing wrong with a pipeline definition.
 *
 * @param file   the pipeline file
 * @param path   where in the file, e.g. {@code sources[1].fields.kwh}
 * @param reason what is wrong, and where it helps, what would be right
 */
public record PipelineProblem(String file, String path, String reason) {

    @Override
    public String toString() {
        return file + ": " + (path.isEmpty() ? "(top level)" : path) + ": " + reason;
    }
}
