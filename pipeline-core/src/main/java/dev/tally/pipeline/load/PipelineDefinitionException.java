package dev.tally.pipeline.load;

import java.util.List;
import java.util.stream.Collectors;

/** A pipeline definition that cannot run, with every problem found in it. */
public final class PipelineDefinitionException extends Exception {

    private final List<PipelineProblem> problems;

    public PipelineDefinitionException(List<PipelineProblem> problems) {
        super(message(problems));
        this.problems = List.copyOf(problems);
    }

    public List<PipelineProblem> problems() {
        return problems;
    }

    private static String message(List<PipelineProblem> problems) {
        String file = problems.isEmpty() ? "pipeline" : problems.get(0).file();
        return problems.stream()
                .map(p -> "  - " + p)
                .collect(Collectors.joining("\n",
                        "pipeline definition " + file + " has " + problems.size()
                                + (problems.size() == 1 ? " problem:\n" : " problems:\n"), ""));
    }
}
