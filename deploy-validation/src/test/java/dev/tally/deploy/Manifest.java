package dev.tally.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** One Kubernetes object as written in a file or rendered by kustomize, with where it came from. */
public record Manifest(String source, ObjectNode body) {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    public String apiVersion() {
        return body.path("apiVersion").asText();
    }

    public String kind() {
        return body.path("kind").asText();
    }

    public String name() {
        return body.path("metadata").path("name").asText();
    }

    /** The API group: {@code kafka.strimzi.io} for {@code kafka.strimzi.io/v1}, empty for the core group. */
    public String group() {
        String apiVersion = apiVersion();
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    public boolean isStrimzi() {
        return group().equals("kafka.strimzi.io");
    }

    public boolean is(String kind) {
        return kind().equals(kind);
    }

    public JsonNode at(String pointer) {
        return body.at(pointer);
    }

    /** {@code file: Kind name}, for messages. */
    public String where() {
        return source + ": " + kind() + " " + name();
    }

    public static List<Manifest> read(Path file) {
        try {
            return parse(file.toString(), Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Every document of a multi-document YAML text; empty documents are skipped. */
    public static List<Manifest> parse(String source, String yaml) {
        List<Manifest> manifests = new ArrayList<>();
        try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(yaml)) {
            for (JsonNode node : YAML.readValues(parser, JsonNode.class).readAll()) {
                if (node == null || node.isNull() || node.isMissingNode()) {
                    continue;
                }
                if (!node.isObject()) {
                    throw new IllegalArgumentException(source + ": a document is not a mapping but " + node.getNodeType());
                }
                manifests.add(new Manifest(source, (ObjectNode) node));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(source + " is not valid YAML: " + e.getMessage(), e);
        }
        return manifests;
    }
}
