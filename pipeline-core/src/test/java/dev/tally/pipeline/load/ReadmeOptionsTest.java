package dev.tally.pipeline.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's pipeline reference is generated from the option declarations and must not drift. */
class ReadmeOptionsTest {

    private static final Path README = Path.of("../README.md");

    @Test
    void readmeDocumentsEveryPipelineOptionAsDeclared() throws Exception {
        String readme = Files.readString(README);
        String expected = OptionsDoc.replaceIn(readme);
        if (Boolean.getBoolean("tally.updateDocs")) {
            Files.writeString(README, expected);
            readme = expected;
        }
        assertThat(readme)
                .as("README.md's pipeline options are out of date; regenerate them with "
                        + "./mvnw -pl pipeline-core test -Dtest=ReadmeOptionsTest -Dtally.updateDocs=true")
                .isEqualTo(expected);
    }
}
