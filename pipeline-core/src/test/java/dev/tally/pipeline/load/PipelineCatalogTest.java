package dev.tally.pipeline.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineCatalogTest {

    @Test
    void loadsEveryPipelineOfAFolder() throws Exception {
        PipelineCatalog catalog = PipelineCatalog.load(List.of(Path.of("../examples/orders")));

        assertThat(catalog.get("sales-by-product")).isPresent();
    }

    @Test
    void reportsTheProblemsOfEveryFileAndDuplicateNames(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("../examples/orders/sales-by-product.yaml"), dir.resolve("a.yaml"));
        Files.copy(Path.of("../examples/orders/sales-by-product.yaml"), dir.resolve("b.yaml"));
        Files.copy(Path.of("src/test/resources/pipelines/bad/unknown-function.yaml"), dir.resolve("c.yaml"));

        assertThatThrownBy(() -> PipelineCatalog.load(List.of(dir)))
                .isInstanceOfSatisfying(PipelineDefinitionException.class, e -> assertThat(e.problems())
                        .extracting(PipelineProblem::reason)
                        .anySatisfy(r -> assertThat(r).contains("pipeline 'sales-by-product' is also declared in"))
                        .anySatisfy(r -> assertThat(r).contains("unknown aggregate function 'median'")));
    }

    @Test
    void refusesTwoPipelinesWritingOneTable(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("a.yaml"), Files.readString(Path.of("../examples/orders/sales-by-product.yaml")));
        Files.writeString(dir.resolve("b.yaml"), Files.readString(Path.of("../examples/orders/sales-by-product.yaml"))
                .replace("name: sales-by-product", "name: sales-by-product-copy"));

        assertThatThrownBy(() -> PipelineCatalog.load(List.of(dir)))
                .hasMessageContaining("sinks[0].table: pipeline 'sales-by-product' already writes table 'sales_by_product'");
    }

    @Test
    void anEmptyFolderIsAnError(@TempDir Path dir) {
        assertThatThrownBy(() -> PipelineCatalog.load(List.of(dir))).hasMessageContaining("no pipeline file");
    }
}
