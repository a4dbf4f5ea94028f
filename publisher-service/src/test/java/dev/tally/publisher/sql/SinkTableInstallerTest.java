package dev.tally.publisher.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.SqlSinkDefinition;
import dev.tally.pipeline.model.SqlSinkDefinition.OnEmpty;
import dev.tally.publisher.SinkDatabase;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The check a SQL sink runs at start against an existing table; a failed check stops the publisher's start. */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sink"))
class SinkTableInstallerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    StackEndpoints endpoints;

    @Inject
    PipelineRegistry pipelines;

    @Inject
    Pool pool;

    @Test
    void refusesATableWithAWrongColumnTypeNamingTableColumnExpectedAndFoundType() {
        new SinkDatabase(endpoints).execute("""
                CREATE TABLE legacy_sales (product_id bigint, lines bigint, units text, revenue numeric(12,2),
                    min_price numeric, max_price numeric, version bigint NOT NULL, updated_at timestamptz NOT NULL,
                    UNIQUE NULLS NOT DISTINCT (product_id))""");

        assertThatThrownBy(() -> install("legacy_sales"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("SQL sink 'sql' of pipeline 'sales-by-product' cannot write to table \"legacy_sales\"")
                .hasMessageContaining("column \"units\" has type text, expected bigint")
                .hasMessageContaining("column \"revenue\" has type numeric(12,2), expected numeric")
                .hasMessageNotContaining("column \"lines\"");
    }

    @Test
    void refusesATableWithoutTheUniqueKeyOrWithAColumnMissing() {
        new SinkDatabase(endpoints).execute("""
                CREATE TABLE keyless_sales (product_id bigint, lines bigint, units bigint, revenue numeric,
                    min_price numeric, version bigint NOT NULL, updated_at timestamptz NOT NULL)""");

        assertThatThrownBy(() -> install("keyless_sales"))
                .hasMessageContaining("column \"max_price\" is missing (expected type numeric)")
                .hasMessageContaining("there is no unique key on exactly (\"product_id\")");
    }

    @Test
    void refusesATableWithAnotherNotNullColumnOrAKeyWhoseNullsAreDistinct() {
        new SinkDatabase(endpoints).execute("""
                CREATE TABLE strict_sales (product_id bigint UNIQUE, lines bigint, units bigint, revenue numeric,
                    min_price numeric, max_price numeric, version bigint NOT NULL, updated_at timestamptz NOT NULL,
                    region text NOT NULL)""");

        assertThatThrownBy(() -> install("strict_sales"))
                .hasMessageContaining("column \"region\" is NOT NULL without a default")
                .hasMessageContaining("the unique key (\"product_id\") treats nulls as distinct");
    }

    @Test
    void acceptsAnExistingTableThatFitsAndCreatesAMissingOneInItsSchema() {
        SinkDatabase sink = new SinkDatabase(endpoints);
        sink.execute("""
                CREATE TABLE fitting_sales (product_id bigint, lines numeric, units bigint, revenue numeric,
                    min_price numeric, max_price numeric, version bigint NOT NULL, updated_at timestamptz NOT NULL,
                    note text, loaded_at timestamptz NOT NULL DEFAULT now(), UNIQUE NULLS NOT DISTINCT (product_id))""");

        install("fitting_sales");
        install("archive.sales_copy");
        install("archive.sales_copy"); // again: it exists and fits now

        assertThat(sink.columnTypes("archive.sales_copy")).containsKeys("product_id", "revenue", "version", "updated_at");
    }

    private void install(String table) {
        CompiledPipeline sales = pipelines.get("sales-by-product").orElseThrow();
        SinkTable sinkTable = SinkTable.of(sales, new SqlSinkDefinition("sql", table, OnEmpty.DELETE));
        new SinkTableInstaller(pool).install(sinkTable, "SQL sink 'sql' of pipeline 'sales-by-product'")
                .await().atMost(WAIT);
    }
}
