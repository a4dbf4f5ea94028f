package dev.tally.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Validates Strimzi resources against the openAPIV3Schema of the CRDs generated from Strimzi's own API model
 * ({@code io.strimzi:api} + {@code io.strimzi:crd-generator}, by the build into {@code target/strimzi-crds}). Like
 * the API server, it refuses fields a schema does not declare unless the schema preserves unknown fields (such as
 * {@code spec.config}).
 */
public final class StrimziSchemas {

    static final String API_VERSION = "kafka.strimzi.io/v1";

    private final Map<String, JsonSchema> schemasByKind;

    private StrimziSchemas(Map<String, JsonSchema> schemasByKind) {
        this.schemasByKind = schemasByKind;
    }

    public static StrimziSchemas load() {
        Path dir = Repository.strimziCrds();
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException(dir + " is missing: the build generates the Strimzi CRDs there before the tests"
                    + " (run ./mvnw -pl deploy-validation verify rather than the tests alone)");
        }
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4);
        Map<String, JsonSchema> schemas = new HashMap<>();
        for (Path crdFile : Repository.yamlFiles(dir)) {
            Manifest crd = Manifest.read(crdFile).getFirst();
            String kind = crd.at("/spec/names/kind").asText();
            for (JsonNode version : crd.at("/spec/versions")) {
                if (version.path("name").asText().equals("v1")) {
                    ObjectNode schema = version.at("/schema/openAPIV3Schema").deepCopy();
                    closeObjects(schema);
                    schemas.put(kind, factory.getSchema(schema));
                }
            }
        }
        if (schemas.isEmpty()) {
            throw new IllegalStateException("no kafka.strimzi.io/v1 CRD in " + dir);
        }
        return new StrimziSchemas(schemas);
    }

    public List<Problem> validate(List<Manifest> manifests) {
        List<Problem> problems = new ArrayList<>();
        for (Manifest manifest : manifests) {
            if (!manifest.apiVersion().equals(API_VERSION)) {
                problems.add(new Problem(manifest.where(), "apiVersion " + manifest.apiVersion() + ": Strimzi 1.x resources are "
                        + API_VERSION));
                continue;
            }
            JsonSchema schema = schemasByKind.get(manifest.kind());
            if (schema == null) {
                problems.add(new Problem(manifest.where(), "Strimzi has no kind " + manifest.kind() + "; its kinds are "
                        + schemasByKind.keySet().stream().sorted().toList()));
                continue;
            }
            for (ValidationMessage message : schema.validate(manifest.body())) {
                problems.add(new Problem(manifest.where(), message.getMessage()));
            }
        }
        return problems;
    }

    /**
     * Declared object properties become the only ones allowed, except where the schema preserves unknown fields;
     * Kubernetes' own {@code x-kubernetes-*} keywords are dropped once read (the validator does not know them).
     */
    static void closeObjects(ObjectNode schema) {
        boolean preserves = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
        if (schema.path("type").asText().equals("object") && schema.has("properties") && !preserves
                && !schema.has("additionalProperties")) {
            schema.put("additionalProperties", false);
        }
        for (Iterator<String> names = schema.fieldNames(); names.hasNext(); ) {
            if (names.next().startsWith("x-kubernetes-")) {
                names.remove();
            }
        }
        schema.properties().forEach(entry -> descend(entry.getValue()));
    }

    private static void descend(JsonNode node) {
        if (node instanceof ObjectNode object) {
            closeObjects(object);
        } else if (node.isArray()) {
            node.forEach(StrimziSchemas::descend);
        }
    }
}
