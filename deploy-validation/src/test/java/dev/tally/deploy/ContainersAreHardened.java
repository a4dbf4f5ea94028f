package dev.tally.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Every container of the rendered overlay runs as a non-root user, with a read-only root filesystem, no privilege
 * escalation, every capability dropped and the runtime's default seccomp profile (set on the container or its pod).
 */
final class ContainersAreHardened implements DeploymentCheck {

    @Override
    public List<Problem> check(DeploymentFiles files) {
        List<Problem> problems = new ArrayList<>();
        for (PodTemplates.Container container : PodTemplates.containers(files.rendered())) {
            JsonNode own = container.container().path("securityContext");
            JsonNode pod = container.pod().path("securityContext");
            List<String> missing = new ArrayList<>();
            if (!effective(own, pod, "runAsNonRoot").asBoolean(false)) {
                missing.add("runAsNonRoot: true");
            }
            if (effective(own, pod, "runAsUser").asLong(-1) == 0) {
                missing.add("a runAsUser other than 0");
            }
            if (!own.path("readOnlyRootFilesystem").asBoolean(false)) {
                missing.add("readOnlyRootFilesystem: true");
            }
            if (own.path("allowPrivilegeEscalation").asBoolean(true)) {
                missing.add("allowPrivilegeEscalation: false");
            }
            boolean dropsAll = false;
            for (JsonNode capability : own.at("/capabilities/drop")) {
                dropsAll |= capability.asText().equals("ALL");
            }
            if (!dropsAll) {
                missing.add("capabilities.drop: [ALL]");
            }
            if (!effective(own, pod, "seccompProfile").path("type").asText().equals("RuntimeDefault")) {
                missing.add("seccompProfile.type: RuntimeDefault");
            }
            if (!own.at("/capabilities/add").isMissingNode() && !own.at("/capabilities/add").isEmpty()) {
                missing.add("no capabilities.add");
            }
            if (own.path("privileged").asBoolean(false)) {
                missing.add("privileged: false");
            }
            if (!missing.isEmpty()) {
                problems.add(new Problem(container.where(), "securityContext lacks " + String.join(", ", missing)
                        + " (k8s/base/patches/hardening.yaml sets them for every Tally Deployment)"));
            }
        }
        return problems;
    }

    /** The container's setting, else the pod's. */
    private static JsonNode effective(JsonNode container, JsonNode pod, String field) {
        return container.has(field) ? container.path(field) : pod.path(field);
    }
}
