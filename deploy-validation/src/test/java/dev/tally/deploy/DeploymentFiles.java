package dev.tally.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * One deployment of Tally, as the checks see it: every Strimzi resource under {@code strimzi/}, the objects one
 * overlay of {@code k8s/} renders to, and the image recipes under {@code native/}.
 */
public record DeploymentFiles(String overlay, List<Manifest> strimzi, List<Manifest> rendered, List<Path> dockerfiles) {

    public static DeploymentFiles of(String overlay, Kubectl kubectl) {
        List<Manifest> strimzi = new ArrayList<>();
        for (Path file : Repository.yamlFiles(Repository.strimzi())) {
            strimzi.addAll(Manifest.read(file).stream()
                    .map(m -> new Manifest(Repository.relative(file), m.body()))
                    .toList());
        }
        return new DeploymentFiles(overlay, List.copyOf(strimzi), kubectl.kustomize(Repository.overlay(overlay)), nativeDockerfiles());
    }

    public List<Manifest> all() {
        return Stream.concat(strimzi.stream(), rendered.stream()).toList();
    }

    public List<Manifest> strimzi(String kind) {
        return strimzi.stream().filter(m -> m.is(kind)).toList();
    }

    public List<Manifest> rendered(String kind) {
        return rendered.stream().filter(m -> m.is(kind)).toList();
    }

    /** A ConfigMap of the overlay by the name its generator gives it (kustomize appends a content hash). */
    public Optional<Manifest> configMap(String generatorName) {
        return rendered("ConfigMap").stream()
                .filter(m -> m.name().equals(generatorName) || m.name().matches(java.util.regex.Pattern.quote(generatorName) + "-[a-z0-9]{10}"))
                .findFirst();
    }

    /** The same deployment with some Strimzi resources replaced: how the broken-manifest cases are built. */
    public DeploymentFiles withStrimzi(Predicate<Manifest> removed, List<Manifest> added) {
        List<Manifest> changed = new ArrayList<>(strimzi.stream().filter(removed.negate()).toList());
        changed.addAll(added);
        return new DeploymentFiles(overlay, changed, rendered, dockerfiles);
    }

    public DeploymentFiles withRendered(Predicate<Manifest> removed, List<Manifest> added) {
        List<Manifest> changed = new ArrayList<>(rendered.stream().filter(removed.negate()).toList());
        changed.addAll(added);
        return new DeploymentFiles(overlay, strimzi, changed, dockerfiles);
    }

    public DeploymentFiles withDockerfiles(List<Path> replaced) {
        return new DeploymentFiles(overlay, strimzi, rendered, replaced);
    }

    static List<Path> nativeDockerfiles() {
        try (Stream<Path> files = Files.walk(Repository.nativeDir())) {
            return files.filter(f -> f.getFileName().toString().startsWith("Dockerfile")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + Repository.nativeDir(), e);
        }
    }
}
