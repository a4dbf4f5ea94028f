package dev.tally.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One deployment of Tally, as the checks see it: the Strimzi resources (rendered, plus every connector file), the
 * objects one overlay of {@code k8s/} renders to, and the image recipes under {@code native/}.
 */
public record DeploymentFiles(String overlay, List<Manifest> strimzi, List<Manifest> rendered, List<Path> dockerfiles) {

    /**
     * The overlay rendered, with the Strimzi kustomization it goes with ({@link Repository#strimziFor}) rendered too;
     * the connector files that kustomization leaves out (examples for other databases) are added as written.
     */
    public static DeploymentFiles of(String overlay, Kubectl kubectl) {
        return new DeploymentFiles(overlay, strimziResources(kubectl.kustomize(Repository.strimziFor(overlay))),
                kubectl.kustomize(Repository.overlay(overlay)), nativeDockerfiles());
    }

    /** Every object under strimzi/, as written in its file. */
    public static List<Manifest> strimziFiles() {
        List<Manifest> objects = new ArrayList<>();
        for (Path file : Repository.yamlFiles(Repository.strimzi())) {
            objects.addAll(Manifest.read(file).stream().map(m -> new Manifest(Repository.relative(file), m.body())).toList());
        }
        return objects;
    }

    /** Rendered objects named after the file they come from; then the connector files the rendering left out. */
    static List<Manifest> strimziResources(List<Manifest> rendered) {
        List<Manifest> files = strimziFiles();
        List<Manifest> objects = new ArrayList<>();
        for (Manifest object : rendered) {
            String source = files.stream().filter(f -> same(f, object)).map(Manifest::source).findFirst().orElse(object.source());
            objects.add(new Manifest(source, object.body()));
        }
        for (Manifest file : files) {
            if (file.is("KafkaConnector") && rendered.stream().noneMatch(r -> same(r, file))) {
                objects.add(file);
            }
        }
        return List.copyOf(objects);
    }

    private static boolean same(Manifest a, Manifest b) {
        return a.kind().equals(b.kind()) && a.name().equals(b.name());
    }

    /** A deployment kept elsewhere, such as a GitOps repository: its Strimzi and its services' kustomizations, rendered. */
    public static DeploymentFiles ofKustomizations(String name, Path strimzi, Path services, Kubectl kubectl) {
        return new DeploymentFiles(name, strimziResources(kubectl.kustomize(strimzi)), kubectl.kustomize(services),
                nativeDockerfiles());
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
                .filter(m -> m.name().equals(generatorName) || m.name().matches(Pattern.quote(generatorName) + "-[a-z0-9]{10}"))
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
