package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BaseMatchesBuildTest {

    @Test
    void theKustomizeBaseIsWhatTheServiceBuildsGenerate() {
        assertThat(BaseDrift.find()).isEmpty();
    }

    @Test
    void aChangedLineIsReportedWithItsNumberAndTheFix() {
        List<Problem> problems = new ArrayList<>();
        BaseDrift.compare("a: 1\nb: 2\n", Repository.k8s().resolve("base/ingest-service/kubernetes.yml"), problems);

        assertThat(problems).singleElement().asString().contains("k8s/base/ingest-service/kubernetes.yml", "line 1",
                "k8s/update-base.sh");
    }
}
