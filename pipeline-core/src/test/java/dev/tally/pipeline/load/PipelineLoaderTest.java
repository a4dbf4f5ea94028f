package dev.tally.pipeline.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.aggregate.AggregateFunction;
import dev.tally.pipeline.model.LateChangePolicy;
import dev.tally.pipeline.model.SourceType;
import dev.tally.pipeline.model.SqlSinkDefinition;
import dev.tally.pipeline.model.ValueType;
import dev.tally.pipeline.window.WindowType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineLoaderTest {

    private final PipelineLoader loader = new PipelineLoader();

    @Test
    void loadsTheOrdersExample() throws Exception {
        CompiledPipeline compiled = loader.load(Path.of("../examples/orders/sales-by-product.yaml"));

        var pipeline = compiled.pipeline();
        assertThat(pipeline.name()).isEqualTo("sales-by-product");
        assertThat(pipeline.changesTopic()).isEqualTo("tally.sales-by-product.changes");
        assertThat(pipeline.groupBy()).containsExactly("product_id");
        assertThat(compiled.fieldTypes()).containsExactly(
                java.util.Map.entry("product_id", ValueType.LONG),
                java.util.Map.entry("quantity", ValueType.LONG),
                java.util.Map.entry("unit_price", ValueType.DECIMAL));
        assertThat(compiled.aggregateDefinitions()).extracting(d -> d.name() + ":" + d.function() + ":" + d.inputType())
                .containsExactly("lines:COUNT:LONG", "units:SUM:LONG", "revenue:SUM:DECIMAL",
                        "min_price:MIN:DECIMAL", "max_price:MAX:DECIMAL");
        var source = pipeline.sources().get(0);
        assertThat(source.type()).isEqualTo(SourceType.POSTGRES);
        assertThat(source.connector()).contains("orders-source");
        assertThat(source.table()).contains("public.order_lines");
        assertThat(pipeline.sinks()).hasSize(2).startsWith(
                new SqlSinkDefinition("sql", "sales_by_product", SqlSinkDefinition.OnEmpty.DELETE));
        assertThat(pipeline.window()).isEmpty();
        assertThat(pipeline.retention().journal()).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void appliesWindowDefaultsAndReadsEveryWindowOption() throws Exception {
        CompiledPipeline compiled = loader.load(Path.of("src/test/resources/pipelines/meter-readings.yaml"));

        var window = compiled.pipeline().window().orElseThrow();
        assertThat(window.type()).isEqualTo(WindowType.TUMBLING);
        assertThat(window.size()).isEqualTo(Duration.ofHours(1));
        assertThat(window.advance()).isEqualTo(Duration.ofHours(1));
        assertThat(window.grace()).isEqualTo(Duration.ofMinutes(10));
        assertThat(window.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(compiled.pipeline().latePolicy()).isEqualTo(LateChangePolicy.DLQ);
        assertThat(compiled.fieldTypes().get("kwh")).isEqualTo(ValueType.DOUBLE);
        assertThat(compiled.aggregates()).extracting(a -> a.definition().function())
                .containsExactly(AggregateFunction.COUNT, AggregateFunction.SUM, AggregateFunction.MAX);
    }

    @Test
    void reportsEveryProblemOfAFileAtOnce() {
        String yaml = """
                name: Bad Name
                sources:
                  - name: s
                    type: postgres
                    columns: {a: long}
                    fields: {a: a + b}
                groupBy: [c]
                aggregates:
                  x: median(a)
                """;
        assertThatThrownBy(() -> loader.load(yaml, "inline.yaml"))
                .isInstanceOfSatisfying(PipelineDefinitionException.class, e -> assertThat(e.problems())
                        .extracting(PipelineProblem::path)
                        .containsExactlyInAnyOrder("name", "sources[0].table", "sources[0].connector",
                                "sources[0].fields.a", "aggregates.x"));
    }

    @Test
    void refusesAMissingFile() {
        assertThatThrownBy(() -> loader.load(Path.of("no/such/pipeline.yaml")))
                .isInstanceOf(PipelineDefinitionException.class)
                .hasMessageContaining("no/such/pipeline.yaml: (top level): no such file");
    }

    @Test
    void refusesAnEmptySourceList() {
        String yaml = """
                name: p
                sources: []
                groupBy: [a]
                aggregates: {n: count()}
                """;
        assertThatThrownBy(() -> loader.load(yaml, "p.yaml"))
                .isInstanceOfSatisfying(PipelineDefinitionException.class, e -> assertThat(e.problems())
                        .extracting(PipelineProblem::path).contains("sources"));
    }

    @Test
    void acceptsHttpSourcesWithoutTableOrConnector() throws Exception {
        String yaml = """
                name: tote
                sources:
                  - name: bets
                    type: http
                    columns: {race: long, runner: long, stake: decimal}
                    fields: {race: race, runner: runner, stake: stake}
                groupBy: [race, runner]
                aggregates:
                  bets: count()
                  pool: sum(stake)
                """;
        CompiledPipeline compiled = loader.load(yaml, "tote.yaml");
        assertThat(compiled.pipeline().sources()).extracting(s -> s.type()).containsExactly(SourceType.HTTP);
        assertThat(compiled.keyTypes()).isEqualTo(List.of(ValueType.LONG, ValueType.LONG));
    }
}
