package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class DeploymentInvariantsTest {

    static final List<String> OVERLAYS = Repository.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyOverlayKeepsEveryRule(String overlay) {
        DeploymentFiles files = Deployments.files(overlay);

        for (DeploymentCheck check : DeploymentCheck.all()) {
            assertThat(check.check(files)).as(check.getClass().getSimpleName() + " on overlay " + overlay).isEmpty();
        }
    }
}
