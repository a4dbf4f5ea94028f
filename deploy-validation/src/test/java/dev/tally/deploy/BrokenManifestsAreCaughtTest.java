package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each file of {@code src/test/resources/broken/} breaks one rule on purpose; the check named in it must report
 * the break, and must not report it for the real files.
 */
class BrokenManifestsAreCaughtTest {

    static final Path CASES = Repository.root().resolve("deploy-validation/src/test/resources/broken");

    static List<BrokenCase> cases() {
        try (Stream<Path> files = Files.list(CASES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().map(BrokenCase::read).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theBreakIsCaughtByItsCheck(BrokenCase broken) {
        DeploymentFiles real = Deployments.files(broken.overlay());

        assertThat(problems(broken, real, false)).as("%s on the real files", broken.caughtBy())
                .noneMatch(p -> p.toString().contains(broken.expect()));
        assertThat(problems(broken, real, true)).as("%s on %s", broken.caughtBy(), broken.file())
                .anyMatch(p -> p.toString().contains(broken.expect()));
    }

    @Test
    void everyCheckHasABrokenCase() {
        Set<String> checks = new TreeSet<>(List.of("kubernetes-models", "strict-fields", "strimzi-schema", "kustomize", "base-drift"));
        DeploymentCheck.all().forEach(check -> checks.add(check.getClass().getSimpleName()));

        assertThat(cases().stream().map(BrokenCase::caughtBy).toList()).containsAll(checks);
    }

    private static List<Problem> problems(BrokenCase broken, DeploymentFiles real, boolean withBreak) {
        DeploymentFiles files = withBreak ? broken.applyTo(real) : real;
        return switch (broken.caughtBy()) {
            case "kubernetes-models" -> Deployments.kubernetesModels().validate(objects(broken, files, withBreak));
            case "strict-fields" -> new StrictFields().validate(objects(broken, files, withBreak));
            case "strimzi-schema" -> Deployments.strimziSchemas().validate(files.strimzi().stream().filter(Manifest::isStrimzi).toList());
            case "kustomize" -> render(broken, withBreak);
            case "base-drift" -> drift(broken, withBreak);
            default -> DeploymentCheck.all().stream()
                    .filter(check -> check.getClass().getSimpleName().equals(broken.caughtBy()))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(broken.file() + ": there is no check " + broken.caughtBy()))
                    .check(files);
        };
    }

    private static List<Manifest> objects(BrokenCase broken, DeploymentFiles files, boolean withBreak) {
        return withBreak ? broken.changedObjects(files) : files.rendered();
    }

    /** The case's own kustomization, where {@code ${BASE}} stands for the real k8s/base (kustomize wants it relative). */
    private static List<Problem> render(BrokenCase broken, boolean withBreak) {
        Path overlay = withBreak ? null : Repository.overlay(broken.overlay());
        try {
            if (withBreak) {
                overlay = Files.createTempDirectory("tally-broken-overlay");
                Files.writeString(overlay.resolve("kustomization.yaml"), broken.change().path("kustomization").asText()
                        .replace("${BASE}", overlay.relativize(Repository.k8s().resolve("base")).toString()));
            }
            Deployments.kubectl().kustomize(overlay);
            return List.of();
        } catch (Kubectl.RenderException e) {
            return List.of(new Problem(broken.file(), e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (withBreak && overlay != null) {
                deleteQuietly(overlay);
            }
        }
    }

    private static List<Problem> drift(BrokenCase broken, boolean withBreak) {
        if (!withBreak) {
            return BaseDrift.find();
        }
        Path committed = Repository.k8s().resolve("base").resolve(broken.change().at("/baseCopy/file").asText());
        try {
            String text = Files.readString(committed);
            String changed = text.replace(broken.change().at("/baseCopy/replace/0").asText(),
                    broken.change().at("/baseCopy/replace/1").asText());
            Path copy = BrokenCase.temporaryFile(committed.getFileName().toString(), changed);
            List<Problem> problems = new ArrayList<>();
            BaseDrift.compareManifests(text, copy, problems);
            return problems;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
