package dev.tally.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Validates Kubernetes objects against the official schemas, offline, with the npm package kubernetes-models run by
 * node ({@code src/test/node/validate-kubernetes.mjs}): types, formats, enums, required fields. The packages are
 * installed from the committed {@code package-lock.json} ({@code npm ci}) when missing or older than the lock file.
 */
public final class KubernetesModels {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration VALIDATE_DEADLINE = Duration.ofMinutes(2);
    private static final Duration INSTALL_DEADLINE = Duration.ofMinutes(10);

    private final Path moduleDir;

    private KubernetesModels(Path moduleDir) {
        this.moduleDir = moduleDir;
    }

    /** Ready to validate: node and npm found, packages installed. */
    public static synchronized KubernetesModels installed() {
        Path moduleDir = Repository.root().resolve("deploy-validation");
        for (String tool : List.of("node", "npm")) {
            if (!Command.onPath(tool)) {
                throw new IllegalStateException(tool + " is not installed (not on the PATH): the Kubernetes schema check"
                        + " runs the npm package kubernetes-models with Node.js 20 or newer. Install Node.js and npm"
                        + " (Debian: apt-get install nodejs npm; .ci/run does this) and run the build again.");
            }
        }
        Path lock = moduleDir.resolve("package-lock.json");
        Path installed = moduleDir.resolve("node_modules/.package-lock.json");
        try {
            if (!Files.exists(installed) || Files.getLastModifiedTime(installed).compareTo(Files.getLastModifiedTime(lock)) < 0) {
                Command.Result npm = new Command(List.of("npm", "ci", "--no-audit", "--no-fund"), moduleDir, INSTALL_DEADLINE).run();
                if (!npm.succeeded()) {
                    throw new IllegalStateException("npm ci in " + moduleDir + " failed (exit " + npm.exitCode() + "): "
                            + npm.stderr().strip() + "\nThe packages come from the npm registry; check that it is reachable.");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot check the installed npm packages in " + moduleDir + ": " + e.getMessage(), e);
        }
        return new KubernetesModels(moduleDir);
    }

    /** One problem per object the schemas refuse, or whose apiVersion and kind no installed schema knows. */
    public List<Problem> validate(List<Manifest> manifests) {
        ArrayNode input = JSON.createArrayNode();
        for (Manifest manifest : manifests) {
            input.addObject().put("source", manifest.source()).set("object", manifest.body());
        }
        Command.Result result = new Command(List.of("node", "src/test/node/validate-kubernetes.mjs"), moduleDir, VALIDATE_DEADLINE)
                .run(input.toString());
        if (!result.succeeded()) {
            throw new IllegalStateException("node src/test/node/validate-kubernetes.mjs failed (exit " + result.exitCode() + "): "
                    + result.stderr().strip());
        }
        List<Problem> problems = new ArrayList<>();
        try {
            for (JsonNode problem : JSON.readTree(result.stdout())) {
                problems.add(new Problem(problem.path("source").asText() + ": " + problem.path("kind").asText() + " "
                        + problem.path("name").asText(), problem.path("message").asText()));
            }
        } catch (IOException e) {
            throw new IllegalStateException("the schema check printed something that is not JSON: " + result.stdout(), e);
        }
        return problems;
    }
}
