package dev.tally.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Each service container is probed on the Quarkus health endpoints of its own HTTP port (startup
 * {@code /q/health/started}, liveness {@code /q/health/live}, readiness {@code /q/health/ready}) and carries
 * resource requests and a memory limit.
 */
final class ProbesUseHealthEndpoints implements DeploymentCheck {

    @Override
    public List<Problem> check(DeploymentFiles files) {
        List<Problem> problems = new ArrayList<>();
        for (PodTemplates.Container container : PodTemplates.containers(files.rendered("Deployment"))) {
            if (!container.path().contains(".containers[")) {
                continue;
            }
            JsonNode spec = container.container();
            probe(container, "startupProbe", "/q/health/started", problems);
            probe(container, "livenessProbe", "/q/health/live", problems);
            probe(container, "readinessProbe", "/q/health/ready", problems);
            JsonNode resources = spec.path("resources");
            if (resources.at("/requests/cpu").isMissingNode() || resources.at("/requests/memory").isMissingNode()
                    || resources.at("/limits/memory").isMissingNode()) {
                problems.add(new Problem(container.where(), "resources need requests.cpu, requests.memory and"
                        + " limits.memory (the overlays set them)"));
            }
        }
        return problems;
    }

    private static void probe(PodTemplates.Container container, String probe, String path, List<Problem> problems) {
        JsonNode get = container.container().path(probe).path("httpGet");
        if (!get.path("path").asText().equals(path)) {
            problems.add(new Problem(container.where(), probe + " must be an httpGet of " + path + ", found "
                    + (get.isMissingNode() ? "none" : get.path("path").asText())));
            return;
        }
        JsonNode port = get.path("port");
        boolean known = false;
        for (JsonNode declared : container.container().path("ports")) {
            known |= port.isInt() ? declared.path("containerPort").asInt() == port.asInt()
                    : declared.path("name").asText().equals(port.asText());
        }
        if (!known) {
            problems.add(new Problem(container.where(), probe + " probes port " + port + ", which the container does not declare"));
        }
    }
}
