package dev.tally.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.connect.KafkaConnectorResources;
import dev.tally.pipeline.load.PipelineCatalog;
import dev.tally.pipeline.load.PipelineDefinitionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The pipelines an overlay deploys, read the way the services read them: the files of the ConfigMap
 * {@code tally-pipelines} (mounted as TALLY_PIPELINES) and the connector resources of {@code tally-connectors}
 * (TALLY_STRIMZI_DIR/connectors), loaded with pipeline-core.
 */
final class DeployedPipelines {

    private DeployedPipelines() {
    }

    /** What each component does on Kafka for the deployed pipelines ({@link KafkaAccess#of}). */
    static Map<String, KafkaAccess> kafkaAccess(DeploymentFiles files) {
        Manifest pipelinesMap = files.configMap("tally-pipelines").orElseThrow(() -> new IllegalArgumentException(
                "overlay " + files.overlay() + " has no ConfigMap tally-pipelines: the services would have no pipeline"));
        Path dir = null;
        try {
            dir = Files.createTempDirectory("tally-deployed-pipelines");
            Path pipelines = Files.createDirectories(dir.resolve("pipelines"));
            write(pipelinesMap.at("/data"), pipelines);
            Path connectors = Files.createDirectories(dir.resolve("strimzi/connectors"));
            Manifest connectorsMap = files.configMap("tally-connectors").orElse(null);
            if (connectorsMap != null) {
                write(connectorsMap.at("/data"), connectors);
            }
            return KafkaAccess.of(PipelineCatalog.load(List.of(pipelines)).all(), new KafkaConnectorResources(dir.resolve("strimzi")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (PipelineDefinitionException e) {
            throw new IllegalArgumentException("the ConfigMap tally-pipelines of overlay " + files.overlay()
                    + " holds a pipeline the services would refuse: " + e.getMessage(), e);
        } finally {
            delete(dir);
        }
    }

    private static void write(JsonNode data, Path dir) throws IOException {
        for (Map.Entry<String, JsonNode> file : data.properties()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue().asText());
        }
    }

    private static void delete(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + dir, e);
        }
    }
}
