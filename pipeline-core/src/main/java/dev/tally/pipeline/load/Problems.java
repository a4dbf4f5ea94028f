package dev.tally.pipeline.load;

import java.util.ArrayList;
import java.util.List;

/** Collects the problems of one pipeline file, so a user sees all of them at once. */
final class Problems {

    private final String file;
    private final List<PipelineProblem> found = new ArrayList<>();

    Problems(String file) {
        this.file = file;
    }

    void add(String path, String reason) {
        found.add(new PipelineProblem(file, path, reason));
    }

    boolean isEmpty() {
        return found.isEmpty();
    }

    int size() {
        return found.size();
    }

    void throwIfAny() throws PipelineDefinitionException {
        if (!found.isEmpty()) {
            throw new PipelineDefinitionException(found);
        }
    }

    static String child(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    static String element(String path, int index) {
        return path + "[" + index + "]";
    }
}
