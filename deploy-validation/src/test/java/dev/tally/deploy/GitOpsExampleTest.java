package dev.tally.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * k8s/examples/gitops adds a pipeline the way the README tells a GitOps repository to: a pipeline file merged into
 * the services' ConfigMap, its KafkaTopics, and ACLs added to the KafkaUsers. The result keeps every rule.
 */
class GitOpsExampleTest {

    static final Path EXAMPLE = Repository.k8s().resolve("examples/gitops");

    @Test
    void theAddedPipelineIsDeployedWithItsTopicsAndAcls() {
        DeploymentFiles gitops = DeploymentFiles.ofKustomizations("gitops example", EXAMPLE.resolve("strimzi"),
                EXAMPLE.resolve("services"), Deployments.kubectl());

        assertThat(gitops.configMap("tally-pipelines").orElseThrow().at("/data").fieldNames())
                .toIterable().containsExactlyInAnyOrder("sales-by-product.yaml", "sales-per-minute.yaml", "store-takings.yaml");
        for (DeploymentCheck check : DeploymentCheck.all()) {
            assertThat(check.check(gitops)).as(check.getClass().getSimpleName()).isEmpty();
        }
        assertThat(Deployments.strimziSchemas().validate(gitops.strimzi().stream().filter(Manifest::isStrimzi).toList())).isEmpty();
        assertThat(Deployments.kubernetesModels().validate(gitops.rendered())).isEmpty();
    }

    @Test
    void withoutTheStrimziPartThePipelineLacksTopicsAndAcls() {
        DeploymentFiles servicesOnly = DeploymentFiles.ofKustomizations("gitops example without its strimzi part",
                Repository.strimzi(), EXAMPLE.resolve("services"), Deployments.kubectl());

        assertThat(new TopicAccessIsDeclared().check(servicesOnly)).extracting(Problem::toString)
                .anyMatch(p -> p.contains("uses topic tally.store-takings.changes, which has no KafkaTopic"))
                .anyMatch(p -> p.contains("no ACL allows Read on group tally.store-takings.sink.takings"));
    }
}
