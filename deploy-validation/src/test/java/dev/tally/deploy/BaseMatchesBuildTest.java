package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaseMatchesBuildTest {

    @Test
    void theKustomizeBaseIsWhatTheServiceBuildsGenerate() {
        assertThat(BaseDrift.find()).isEmpty();
    }

    @Test
    void keysInAnotherOrderAreNoDifferenceButAnotherValueIs() {
        String generated = "kind: Service\nmetadata:\n  name: s\n  labels: {a: '1', b: '2'}\n";
        Path copy = BrokenCase.temporaryFile("kubernetes.yml", "kind: Service\nmetadata:\n  labels: {b: '2', a: '1'}\n  name: s\n");
        Path changed = BrokenCase.temporaryFile("kubernetes.yml", "kind: Service\nmetadata:\n  labels: {b: '3', a: '1'}\n  name: s\n");
        List<Problem> problems = new ArrayList<>();

        BaseDrift.compareManifests(generated, copy, problems);
        assertThat(problems).isEmpty();
        BaseDrift.compareManifests(generated, changed, problems);
        assertThat(problems).singleElement().asString().contains("differs from what the build generates at /metadata/labels/b");
    }

    @Test
    void aChangedLineIsReportedWithItsNumberAndTheFix() {
        List<Problem> problems = new ArrayList<>();
        BaseDrift.compare("a: 1\nb: 2\n", Repository.k8s().resolve("base/ingest-service/kubernetes.yml"), problems);

        assertThat(problems).singleElement().asString().contains("k8s/base/ingest-service/kubernetes.yml", "line 1",
                "k8s/update-base.sh");
    }
}
