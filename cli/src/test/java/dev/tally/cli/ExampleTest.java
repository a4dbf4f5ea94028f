package dev.tally.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ExampleTest {

    private final Workspace workspace = new Workspace(Path.of("..").toAbsolutePath().normalize());

    @Test
    void findsTheOrdersPipelinesAndSchema() {
        Example orders = Example.of(workspace, "orders");

        assertThat(orders.pipelines()).extracting(p -> p.getFileName().toString()).contains("sales-by-product.yaml");
        assertThat(orders.schema()).hasValueSatisfying(s -> assertThat(s.getFileName()).hasToString("schema.sql"));
    }

    @Test
    void anUnknownExampleIsRefusedListingTheKnownOnes() {
        assertThatThrownBy(() -> Example.of(workspace, "nope"))
                .hasMessageContaining("no example 'nope'")
                .hasMessageContaining("orders");
    }
}
