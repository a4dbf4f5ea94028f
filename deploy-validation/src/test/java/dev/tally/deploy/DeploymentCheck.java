package dev.tally.deploy;

import java.util.List;

/** One rule every deployment of Tally keeps; a broken rule is a list of problems that say where and what to fix. */
public interface DeploymentCheck {

    List<Problem> check(DeploymentFiles files);

    /** Every rule, in the order their problems are reported. */
    static List<DeploymentCheck> all() {
        return List.of(new NamesAreValid(), new ConnectorClassesInPlugins(), new TopicAccessIsDeclared(), new ReplicationFitsTheCluster(),
                new ImageTagsArePinned(), new SecretsAreReferences(), new ContainersAreHardened(),
                new ProbesUseHealthEndpoints());
    }
}
