package dev.tally.pipeline.connect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads Strimzi {@code KafkaConnector} resources from {@code <strimzi dir>/connectors/<name>.yaml}: the one place connector settings are declared. */
public final class KafkaConnectorResources {

    static final String API_VERSION = "kafka.strimzi.io/v1";
    static final String KIND = "KafkaConnector";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final Path connectorsDir;

    public KafkaConnectorResources(Path strimziDir) {
        this.connectorsDir = strimziDir.resolve("connectors");
    }

    public KafkaConnectorResource read(String resourceName) {
        Path file = connectorsDir.resolve(resourceName + ".yaml");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("There is no connector resource '" + resourceName + "': " + file
                    + " does not exist");
        }
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(file + " is not valid YAML: " + e.getMessage(), e);
        }
        expect(file, root, "apiVersion", API_VERSION);
        expect(file, root, "kind", KIND);
        String name = text(file, root, "/metadata/name");
        String connectorClass = text(file, root, "/spec/class");
        JsonNode tasksMax = root.at("/spec/tasksMax");
        if (!tasksMax.canConvertToInt() || tasksMax.asInt() < 1) {
            throw new IllegalArgumentException(file + ": spec.tasksMax must be a positive number, found '" + tasksMax + "'");
        }
        return new KafkaConnectorResource(file, name, connectorClass, tasksMax.asInt(), config(file, root.at("/spec/config")));
    }

    private static Map<String, String> config(Path file, JsonNode config) {
        if (!config.isObject()) {
            throw new IllegalArgumentException(file + ": spec.config must be a map of connector settings");
        }
        Map<String, String> values = new LinkedHashMap<>();
        config.properties().forEach(entry -> {
            JsonNode value = entry.getValue();
            if (!value.isValueNode() || value.isNull()) {
                throw new IllegalArgumentException(file + ": spec.config." + entry.getKey()
                        + " must be a string, number or boolean, found " + value.getNodeType());
            }
            values.put(entry.getKey(), value.asText());
        });
        return values;
    }

    private static void expect(Path file, JsonNode root, String field, String expected) {
        String actual = root.path(field).asText();
        if (!expected.equals(actual)) {
            throw new IllegalArgumentException(file + ": " + field + " must be '" + expected + "', found '" + actual + "'");
        }
    }

    private static String text(Path file, JsonNode root, String pointer) {
        JsonNode node = root.at(pointer);
        if (!node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException(file + ": " + pointer.substring(1).replace('/', '.') + " is missing");
        }
        return node.asText();
    }
}
