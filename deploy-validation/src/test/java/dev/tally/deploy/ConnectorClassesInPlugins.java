package dev.tally.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Every class a KafkaConnector names (connector, transforms, predicates, converters) and every config provider of
 * the KafkaConnect is in the plugins its build adds, or is Kafka's own; the plugin artifacts are the ones the build
 * resolved, with matching SHA-512 sums.
 */
final class ConnectorClassesInPlugins implements DeploymentCheck {

    /** Kafka's own classes (converters, predicates, simple transforms) are in every Connect image. */
    private static final String KAFKA = "org.apache.kafka.";

    @Override
    public List<Problem> check(DeploymentFiles files) {
        List<Problem> problems = new ArrayList<>();
        List<Manifest> connects = files.strimzi("KafkaConnect");
        if (connects.isEmpty()) {
            problems.add(new Problem("strimzi/", "there is no KafkaConnect: nothing would run the connectors"));
        }
        for (Manifest connect : connects) {
            ConnectPlugins plugins = ConnectPlugins.of(connect);
            problems.addAll(plugins.problems());
            connect.at("/spec/config").properties().forEach(entry -> {
                if (entry.getKey().matches("config\\.providers\\.[^.]+\\.class")) {
                    require(plugins, entry.getValue().asText(), connect.where() + ", spec.config." + entry.getKey(), problems);
                }
            });
            for (Manifest connector : files.strimzi("KafkaConnector")) {
                if (!connector.at("/metadata/labels/strimzi.io~1cluster").asText().equals(connect.name())) {
                    continue;
                }
                require(plugins, connector.at("/spec/class").asText(), connector.where() + ", spec.class", problems);
                for (Map.Entry<String, JsonNode> entry : connector.at("/spec/config").properties()) {
                    String key = entry.getKey();
                    if (key.matches("(transforms|predicates)\\.[^.]+\\.type") || key.matches("(key|value|header)\\.converter")) {
                        require(plugins, entry.getValue().asText(), connector.where() + ", spec.config." + key, problems);
                    }
                }
            }
        }
        return problems;
    }

    private static void require(ConnectPlugins plugins, String className, String where, List<Problem> problems) {
        if (className.isEmpty()) {
            problems.add(new Problem(where, "no class named"));
        } else if (!className.startsWith(KAFKA) && !plugins.contains(className)) {
            problems.add(new Problem(where, className + " is in none of the plugins of the KafkaConnect build"
                    + " (strimzi/connect/): add the plugin that has it, or fix the class name"));
        }
    }
}
