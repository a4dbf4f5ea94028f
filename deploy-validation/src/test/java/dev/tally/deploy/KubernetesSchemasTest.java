package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class KubernetesSchemasTest {

    static final List<String> OVERLAYS = Repository.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyRenderedObjectMeetsTheOfficialSchemas(String overlay) {
        List<Manifest> rendered = Deployments.files(overlay).rendered();

        assertThat(Deployments.kubernetesModels().validate(rendered)).isEmpty();
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void noRenderedObjectHasAFieldTheApiServerDoesNotKnow(String overlay) {
        List<Manifest> rendered = Deployments.files(overlay).rendered();

        assertThat(new StrictFields().validate(rendered)).isEmpty();
    }

    @Test
    void theRbacOfStrimziAndTheArgoCdApplicationsMeetTheirSchemas() {
        List<Manifest> others = Deployments.otherKubernetesObjects();

        assertThat(others).extracting(Manifest::kind).contains("Role", "RoleBinding", "Application");
        assertThat(Deployments.kubernetesModels().validate(others)).isEmpty();
        assertThat(new StrictFields().validate(others)).isEmpty();
    }
}
