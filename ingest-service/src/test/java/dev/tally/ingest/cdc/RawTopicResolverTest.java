package dev.tally.ingest.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RawTopicResolverTest {

    private static final Path STRIMZI = Path.of("../strimzi");

    @TempDir
    Path dir;

    @Test
    void databaseSourceReadsTheTopicItsConnectorGivesItsTable() throws Exception {
        CompiledPipeline pipeline = new PipelineLoader().load(Path.of("../examples/orders/sales-by-product.yaml"));

        assertThat(new RawTopicResolver(STRIMZI).sourcesByTopic(pipeline))
                .isEqualTo(Map.of("tally.src.orders.public.order_lines", "order-lines"));
    }

    @Test
    void ownTopicWinsOverTheConnectorsAndHttpSourcesHaveNone() throws Exception {
        CompiledPipeline pipeline = load("""
                  - name: lines
                    type: postgres
                    connector: orders-source
                    table: public.order_lines
                    topic: rerouted.order_lines
                """ + source("posted", "type: http"));

        assertThat(new RawTopicResolver(STRIMZI).sourcesByTopic(pipeline))
                .isEqualTo(Map.of("rerouted.order_lines", "lines"));
    }

    @Test
    void twoSourcesOnOneTopicAreRefusedNamingBoth() throws Exception {
        CompiledPipeline pipeline = load(source("lines", "type: postgres\n    connector: orders-source\n    table: public.order_lines")
                + source("same-lines", "type: postgres\n    topic: tally.src.orders.public.order_lines\n    table: public.order_lines"));

        assertThatThrownBy(() -> new RawTopicResolver(STRIMZI).sourcesByTopic(pipeline))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("source 'same-lines'")
                .hasMessageContaining("reads topic 'tally.src.orders.public.order_lines', which source 'lines' reads too");
    }

    @Test
    void missingConnectorResourceIsRefusedNamingTheStrimziDirectory() throws Exception {
        CompiledPipeline pipeline = load(source("lines", "type: postgres\n    connector: no-such-connector\n    table: public.order_lines"));

        assertThatThrownBy(() -> new RawTopicResolver(dir).sourcesByTopic(pipeline))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("source 'lines': cannot name its raw topic")
                .hasMessageContaining("no-such-connector.yaml does not exist")
                .hasMessageContaining("Set tally.strimzi-dir (now " + dir.toAbsolutePath().normalize() + ")");
    }

    private static String source(String name, String typeAndWhere) {
        return "  - name: " + name + "\n    " + typeAndWhere + "\n";
    }

    private CompiledPipeline load(String sources) throws Exception {
        String withColumns = sources.replaceAll("(?m)^  - name: (.*)$",
                "  - name: $1\n    columns: { product_id: long }\n    fields: { product_id: product_id }");
        Path file = dir.resolve("lines.yaml");
        Files.writeString(file, "name: lines\nsources:\n" + withColumns + "groupBy: [product_id]\naggregates:\n  lines: count()\n");
        return new PipelineLoader().load(file);
    }
}
