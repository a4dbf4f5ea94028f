package dev.tally.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where {@code k8s/base} no longer is what the build generates: each service's manifests
 * ({@code <service>/target/kubernetes/kubernetes.yml}), the pipeline files (from {@code examples/}) and the connector
 * resources (from {@code strimzi/connectors/}) the base deploys. {@code k8s/update-base.sh} brings it back.
 */
final class BaseDrift {

    static final String FIX = "run k8s/update-base.sh after building the services"
            + " (./mvnw -B -DskipTests package -pl ingest-service,aggregator-service,publisher-service -am)";
    private static final Pattern CONNECTOR = Pattern.compile("(?m)^\\s*connector:\\s*([a-z0-9-]+)");

    private BaseDrift() {
    }

    static List<Problem> find() {
        List<Problem> problems = new ArrayList<>();
        Path base = Repository.k8s().resolve("base");
        for (String service : Repository.SERVICES) {
            Path generated = Repository.root().resolve(service).resolve("target/kubernetes/kubernetes.yml");
            if (!Files.isRegularFile(generated)) {
                problems.add(new Problem(Repository.relative(generated), "missing: build " + service + " first"
                        + " (./mvnw -B -DskipTests package -pl " + service + " -am)"));
                continue;
            }
            compare(read(generated), base.resolve(service).resolve("kubernetes.yml"), problems);
        }
        for (Path pipeline : list(base.resolve("pipelines"))) {
            Path original = findExample(pipeline.getFileName().toString());
            if (original == null) {
                problems.add(new Problem(Repository.relative(pipeline), "has no original examples/*/" + pipeline.getFileName()
                        + ": k8s/base deploys the examples; put your own pipelines in an overlay"));
                continue;
            }
            compare(read(original), pipeline, problems);
            Matcher connector = CONNECTOR.matcher(read(pipeline));
            while (connector.find()) {
                Path copy = base.resolve("connectors").resolve(connector.group(1) + ".yaml");
                if (!Files.isRegularFile(copy)) {
                    problems.add(new Problem(Repository.relative(pipeline), "names connector " + connector.group(1)
                            + ", which k8s/base/connectors/ lacks (ingest-service reads its topic prefix there): " + FIX));
                }
            }
        }
        for (Path connector : list(base.resolve("connectors"))) {
            compare(read(Repository.strimzi().resolve("connectors").resolve(connector.getFileName())), connector, problems);
        }
        return problems;
    }

    /** A problem when the committed copy is not exactly the generated text. */
    static void compare(String generated, Path committed, List<Problem> problems) {
        if (!Files.isRegularFile(committed)) {
            problems.add(new Problem(Repository.relative(committed), "missing: " + FIX));
            return;
        }
        String copy = read(committed);
        if (!copy.equals(generated)) {
            problems.add(new Problem(Repository.relative(committed), "differs from what the build generates, first at line "
                    + firstDifferentLine(generated, copy) + ": " + FIX));
        }
    }

    static int firstDifferentLine(String a, String b) {
        String[] left = a.split("\n", -1);
        String[] right = b.split("\n", -1);
        for (int i = 0; i < Math.min(left.length, right.length); i++) {
            if (!left[i].equals(right[i])) {
                return i + 1;
            }
        }
        return Math.min(left.length, right.length) + 1;
    }

    private static Path findExample(String fileName) {
        for (Path dir : list(Repository.root().resolve("examples"))) {
            Path candidate = dir.resolve(fileName);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var entries = Files.list(dir)) {
            return entries.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
