package dev.tally.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Reads NetworkPolicies as Kubernetes applies them to one pod's egress: any policy that selects it and allows a port. */
final class EgressRules {

    private EgressRules() {
    }

    /** Whether some policy selecting a pod with {@code labels} lets it open TCP connections to {@code port} anywhere. */
    static boolean allowsPort(List<Manifest> policies, JsonNode labels, int port) {
        return policies.stream()
                .filter(policy -> selects(policy.at("/spec/podSelector"), labels))
                .flatMap(policy -> iterable(policy.at("/spec/egress")).stream())
                .filter(rule -> rule.path("to").isEmpty())
                .anyMatch(rule -> iterable(rule.path("ports")).stream().anyMatch(p ->
                        p.path("port").asInt() == port && "TCP".equals(p.path("protocol").asText("TCP"))));
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        var matchLabels = selector.path("matchLabels").fields();
        while (matchLabels.hasNext()) {
            var label = matchLabels.next();
            if (!label.getValue().asText().equals(labels.path(label.getKey()).asText(null))) {
                return false;
            }
        }
        for (JsonNode expression : iterable(selector.path("matchExpressions"))) {
            String value = labels.path(expression.path("key").asText()).asText(null);
            List<String> values = iterable(expression.path("values")).stream().map(JsonNode::asText).toList();
            boolean holds = switch (expression.path("operator").asText()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                default -> throw new IllegalArgumentException("unknown selector operator in " + expression);
            };
            if (!holds) {
                return false;
            }
        }
        return true;
    }

    private static List<JsonNode> iterable(JsonNode array) {
        List<JsonNode> items = new java.util.ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
