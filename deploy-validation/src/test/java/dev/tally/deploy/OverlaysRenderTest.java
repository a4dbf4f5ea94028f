package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

class OverlaysRenderTest {

    static final List<String> OVERLAYS = Repository.OVERLAYS;

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyOverlayRendersTheThreeServicesIntoTheTallyNamespace(String overlay) {
        DeploymentFiles files = Deployments.files(overlay);

        for (String kind : List.of("Deployment", "Service", "ServiceAccount")) {
            assertThat(files.rendered(kind)).extracting(Manifest::name)
                    .as(kind + "s of overlay " + overlay)
                    .containsExactlyInAnyOrder(KafkaAccess.INGEST, KafkaAccess.AGGREGATOR, KafkaAccess.PUBLISHER);
        }
        assertThat(files.configMap("tally-pipelines")).isPresent();
        assertThat(files.configMap("tally-connectors")).isPresent();
        assertThat(files.rendered("NetworkPolicy")).isNotEmpty();
        assertThat(files.rendered()).allSatisfy(m -> assertThat(m.at("/metadata/namespace").asText()).as(m.where()).isEqualTo("tally"));
    }

    @ParameterizedTest
    @FieldSource("OVERLAYS")
    void everyServiceThatVerifiesTokensMayFetchTheIdentityProvidersKeys(String overlay) {
        DeploymentFiles files = Deployments.files(overlay);
        List<Manifest> verifying = files.rendered("Deployment").stream()
                .filter(d -> d.at("/spec/template/spec/containers/0/env").findValuesAsText("name")
                        .contains("MP_JWT_VERIFY_PUBLICKEY_LOCATION"))
                .toList();

        assertThat(verifying).extracting(Manifest::name).contains(KafkaAccess.INGEST, KafkaAccess.AGGREGATOR);
        assertThat(verifying).allSatisfy(deployment -> assertThat(EgressRules.allowsPort(
                files.rendered("NetworkPolicy"), deployment.at("/spec/template/metadata/labels"), 443))
                .as(deployment.name() + " in overlay " + overlay + " may reach a JWKS URL over HTTPS").isTrue());
    }

    @Test
    void productionAddsAutoscalersDisruptionBudgetsAndAServiceMonitor() {
        DeploymentFiles production = Deployments.files("production");

        assertThat(production.rendered("HorizontalPodAutoscaler")).extracting(m -> m.at("/spec/scaleTargetRef/name").asText())
                .containsExactlyInAnyOrder(KafkaAccess.INGEST, KafkaAccess.AGGREGATOR, KafkaAccess.PUBLISHER);
        assertThat(production.rendered("PodDisruptionBudget")).hasSize(3);
        assertThat(production.rendered("ServiceMonitor")).hasSize(1);
        assertThat(production.rendered("Deployment")).allSatisfy(d -> assertThat(d.at("/spec/replicas").isMissingNode())
                .as(d.where() + " leaves its replicas to the autoscaler").isTrue());
        assertThat(production.rendered("Deployment")).allSatisfy(d ->
                assertThat(d.at("/spec/template/spec/containers/0/image").asText()).endsWith(":0.1.0"));
    }

    @Test
    void localRunsOneReplicaOfEachServiceFromLocallyBuiltImagesOnAOneBrokerKafka() {
        DeploymentFiles local = Deployments.files("local");

        assertThat(local.rendered("Deployment")).allSatisfy(d -> {
            assertThat(d.at("/spec/replicas").asInt()).isEqualTo(1);
            assertThat(d.at("/spec/template/spec/containers/0/image").asText()).startsWith("tally/");
        });
        assertThat(local.rendered("HorizontalPodAutoscaler")).isEmpty();
        assertThat(local.strimzi("KafkaNodePool")).allSatisfy(pool -> assertThat(pool.at("/spec/replicas").asInt()).isEqualTo(1));
        assertThat(local.strimzi("KafkaTopic")).allSatisfy(topic -> assertThat(topic.at("/spec/replicas").asInt()).isEqualTo(1));
    }

    @Test
    void theStrimziKustomizationRendersTheClusterConnectTopicsAndUsers() {
        List<Manifest> strimzi = Deployments.kubectl().kustomize(Repository.strimzi());

        assertThat(strimzi).extracting(Manifest::kind).contains("Kafka", "KafkaNodePool", "KafkaConnect", "KafkaConnector",
                "KafkaTopic", "KafkaUser", "Role", "RoleBinding");
        assertThat(strimzi).filteredOn(m -> m.is("KafkaUser")).extracting(Manifest::name)
                .containsExactlyInAnyOrder("tally-ingest", "tally-aggregator", "tally-publisher", "tally-connect");
        assertThat(strimzi).allSatisfy(m -> assertThat(m.at("/metadata/namespace").asText()).isEqualTo("tally"));
    }

    @Test
    void kubectlOlderThanKustomizeFiveIsRecognised() {
        assertThat(Kubectl.minorVersion("{\"clientVersion\":{\"major\":\"1\",\"minor\":\"20\",\"gitVersion\":\"v1.20.15\"}}"))
                .isLessThan(Kubectl.MIN_MINOR);
        assertThat(Kubectl.minorVersion("{\"clientVersion\":{\"major\":\"1\",\"minor\":\"32+\"}}")).isEqualTo(32);
    }
}
