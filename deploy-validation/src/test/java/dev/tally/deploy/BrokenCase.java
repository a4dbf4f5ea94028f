package dev.tally.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.zjsonpatch.JsonPatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately broken deployment, from a file of {@code src/test/resources/broken/}: one change to the real files
 * ({@code change}), the check that must catch it ({@code caughtBy}) and a phrase of its report ({@code expect}).
 * Changes: {@code patch} (JSON Patch ops on one object of {@code in: rendered|strimzi}), {@code env} (one environment
 * variable of a rendered Deployment's service container set to a plain {@code value}), {@code put} (a whole
 * object replacing the one of the same kind and name, or added), {@code dockerfile} (one more Dockerfile),
 * {@code kustomization} (an overlay of its own, rendered), {@code baseCopy} (a text change to a file of k8s/base).
 */
record BrokenCase(String file, String caughtBy, String expect, String overlay, JsonNode change) {

    static BrokenCase read(Path file) {
        Manifest yaml = Manifest.read(file).getFirst();
        JsonNode body = yaml.body();
        for (String field : List.of("caughtBy", "expect", "change")) {
            if (!body.has(field)) {
                throw new IllegalArgumentException(file + ": the case needs '" + field + "'");
            }
        }
        return new BrokenCase(file.getFileName().toString(), body.path("caughtBy").asText(), body.path("expect").asText(),
                body.path("overlay").asText("production"), body.path("change"));
    }

    /** The real deployment with this case's change (for the changes that act on deployment files). */
    DeploymentFiles applyTo(DeploymentFiles files) {
        if (change.has("patch")) {
            JsonNode patch = change.path("patch");
            boolean strimzi = patch.path("in").asText().equals("strimzi");
            List<Manifest> pool = strimzi ? files.strimzi() : files.rendered();
            Manifest target = pool.stream()
                    .filter(m -> m.kind().equals(patch.path("kind").asText()) && m.name().equals(patch.path("name").asText()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(file + ": no " + patch.path("kind").asText() + " "
                            + patch.path("name").asText() + " to patch"));
            Manifest patched = new Manifest(target.source() + " (broken: " + file + ")",
                    (ObjectNode) JsonPatch.apply(patch.path("ops"), target.body()));
            return replace(files, strimzi, target, patched);
        }
        if (change.has("env")) {
            JsonNode env = change.path("env");
            Manifest target = files.rendered("Deployment").stream().filter(m -> m.name().equals(env.path("deployment").asText()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(file + ": no Deployment " + env.path("deployment").asText()));
            ObjectNode body = target.body().deepCopy();
            boolean found = false;
            for (JsonNode variable : body.at("/spec/template/spec/containers/0/env")) {
                if (variable.path("name").asText().equals(env.path("name").asText())) {
                    ((ObjectNode) variable).removeAll().put("name", env.path("name").asText()).put("value", env.path("value").asText());
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException(file + ": Deployment " + target.name() + " has no env " + env.path("name").asText());
            }
            return replace(files, false, target, new Manifest(target.source() + " (broken: " + file + ")", body));
        }
        if (change.has("put")) {
            JsonNode put = change.path("put");
            boolean strimzi = put.path("in").asText().equals("strimzi");
            Manifest manifest = new Manifest("broken/" + file, (ObjectNode) put.path("manifest").deepCopy());
            Manifest existing = (strimzi ? files.strimzi() : files.rendered()).stream()
                    .filter(m -> m.kind().equals(manifest.kind()) && m.name().equals(manifest.name()))
                    .findFirst().orElse(null);
            return replace(files, strimzi, existing, manifest);
        }
        if (change.has("dockerfile")) {
            Path dockerfile = temporaryFile("Dockerfile", change.path("dockerfile").asText());
            List<Path> dockerfiles = new ArrayList<>(files.dockerfiles());
            dockerfiles.add(dockerfile);
            return files.withDockerfiles(dockerfiles);
        }
        return files;
    }

    /** The objects this case changed or added, for the schema checks that look at objects one by one. */
    List<Manifest> changedObjects(DeploymentFiles changed) {
        return changed.all().stream().filter(m -> m.source().contains("broken")).toList();
    }

    static Path temporaryFile(String name, String text) {
        try {
            Path dir = Files.createTempDirectory("tally-broken-case");
            dir.toFile().deleteOnExit();
            Path file = dir.resolve(name);
            Files.writeString(file, text);
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static DeploymentFiles replace(DeploymentFiles files, boolean strimzi, Manifest old, Manifest changed) {
        return strimzi ? files.withStrimzi(m -> m == old, List.of(changed)) : files.withRendered(m -> m == old, List.of(changed));
    }

    @Override
    public String toString() {
        return file;
    }
}
