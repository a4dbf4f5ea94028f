package dev.tally.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The pod templates of workload objects (Deployment, StatefulSet, DaemonSet, Job) and their containers. */
final class PodTemplates {

    /** A container of a pod template, with the pod spec it runs in. */
    record Container(Manifest owner, JsonNode pod, JsonNode container, String path) {

        String where() {
            return owner.where() + ", " + path + " (" + container.path("name").asText() + ")";
        }

        JsonNode env(String name) {
            for (JsonNode variable : container.path("env")) {
                if (variable.path("name").asText().equals(name)) {
                    return variable;
                }
            }
            return null;
        }
    }

    private PodTemplates() {
    }

    static List<Container> containers(List<Manifest> manifests) {
        List<Container> containers = new ArrayList<>();
        for (Manifest manifest : manifests) {
            JsonNode pod = manifest.at("/spec/template/spec");
            if (!pod.isObject()) {
                continue;
            }
            for (String list : new String[] {"initContainers", "containers"}) {
                JsonNode items = pod.path(list);
                for (int i = 0; i < items.size(); i++) {
                    containers.add(new Container(manifest, pod, items.get(i), "spec.template.spec." + list + "[" + i + "]"));
                }
            }
        }
        return containers;
    }
}
