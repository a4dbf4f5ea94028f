package dev.tally.pipeline.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.pipeline.model.HttpAuth;
import dev.tally.pipeline.model.HttpSinkDefinition;
import dev.tally.pipeline.model.HttpSinkDefinition.Versions;
import dev.tally.pipeline.model.SqlSinkDefinition;
import dev.tally.pipeline.model.VariableRef;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** HTTP sinks as pipeline files declare them: every option read, defaults applied, optional sinks left out. */
class HttpSinkOptionsTest {

    private static final String PIPELINE = """
            name: sales
            sources:
              - name: lines
                type: postgres
                connector: orders-source
                table: public.order_lines
                columns: { product_id: long, quantity: long }
                fields: { product_id: product_id, quantity: quantity }
            groupBy: [product_id]
            aggregates:
              units: sum(quantity)
            sinks:
            """;

    private final PipelineLoader loader = new PipelineLoader();

    @Test
    void readsEveryOption() throws Exception {
        HttpSinkDefinition sink = onlySink("""
                  - type: http
                    name: billing
                    urlFrom: BILLING_URL
                    optional: true
                    contentType: application/x-ndjson
                    headers: { X-Source: tally, X-Team: sales }
                    timeout: 10s
                    concurrency: 8
                    versions: all
                    auth:
                      type: oauth2
                      tokenUrl: https://auth.example.com/token
                      clientId: tally-publisher
                      clientSecretFrom: BILLING_SECRET
                      authorizationMode: url
                      scope: aggregates:write
                      tokenProperty: token
                    batching: { enabled: true, maxSize: 100, prefix: "", suffix: "\\n", separator: "\\n" }
                    retry: { maxRetries: 3, backoff: 500ms, maxBackoff: 1m }
                """);

        assertThat(sink).isEqualTo(new HttpSinkDefinition("billing", Optional.empty(),
                Optional.of(new VariableRef("BILLING_URL", "sinks[0].urlFrom")), true, "application/x-ndjson",
                Map.of("X-Source", "tally", "X-Team", "sales"), Duration.ofSeconds(10), 8, Versions.ALL,
                new HttpAuth.OAuth2("https://auth.example.com/token", "tally-publisher",
                        new VariableRef("BILLING_SECRET", "sinks[0].auth.clientSecretFrom"),
                        HttpAuth.AuthorizationMode.URL, Optional.of("aggregates:write"), "token"),
                new HttpSinkDefinition.Batching(true, 100, "", "\n", "\n"),
                new HttpSinkDefinition.Retry(3, Duration.ofMillis(500), Duration.ofMinutes(1))));
    }

    @Test
    void appliesDefaultsAJsonArrayWhenBatchingAndNumbersUnnamedSinks() throws Exception {
        CompiledPipeline pipeline = loader.load(PIPELINE + """
                  - type: http
                    url: https://hooks.example.com/sales
                  - type: http
                    url: https://hooks.example.com/other
                    auth: { type: static, valueFrom: OTHER_TOKEN }
                    batching: { enabled: true }
                """, "inline.yaml");

        HttpSinkDefinition first = (HttpSinkDefinition) pipeline.pipeline().sinks().get(0);
        HttpSinkDefinition second = (HttpSinkDefinition) pipeline.pipeline().sinks().get(1);
        assertThat(first.name()).isEqualTo("http");
        assertThat(first.url()).contains("https://hooks.example.com/sales");
        assertThat(first.contentType()).isEqualTo("application/json");
        assertThat(first.timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(first.concurrency()).isEqualTo(4);
        assertThat(first.versions()).isEqualTo(Versions.NEWEST);
        assertThat(first.auth()).isEqualTo(new HttpAuth.None());
        assertThat(first.batching()).isEqualTo(new HttpSinkDefinition.Batching(false, 500, "[", "]", ","));
        assertThat(first.retry()).isEqualTo(new HttpSinkDefinition.Retry(5, Duration.ofSeconds(1),
                Duration.ofSeconds(30)));
        assertThat(second.name()).isEqualTo("http-2");
        assertThat(second.auth()).isEqualTo(new HttpAuth.Static("Authorization",
                new VariableRef("OTHER_TOKEN", "sinks[1].auth.valueFrom")));
        assertThat(second.batching().enabled()).isTrue();
    }

    @Test
    void anOptionalSinkIsLeftOutOnlyWhileItsUrlVariableIsUnsetOrEmpty() throws Exception {
        CompiledPipeline orders = loader.load(Path.of("../examples/orders/sales-by-product.yaml"));
        assertThat(orders.pipeline().sinks()).hasSize(2).first().isInstanceOf(SqlSinkDefinition.class);
        HttpSinkDefinition webhook = (HttpSinkDefinition) orders.pipeline().sinks().get(1);

        assertThat(webhook.skipReason(variable -> Optional.empty()))
                .contains("HTTP sink 'webhook' is optional and its urlFrom variable ORDERS_WEBHOOK_URL is not set");
        assertThat(webhook.skipReason(variable -> Optional.of(""))).isPresent();
        assertThat(webhook.skipReason(variable -> variable.equals("ORDERS_WEBHOOK_URL")
                ? Optional.of("http://127.0.0.1:8099/hook") : Optional.empty())).isEmpty();
        assertThat(webhook.batching()).isEqualTo(new HttpSinkDefinition.Batching(true, 100, "[", "]", ","));

        HttpSinkDefinition required = onlySink("""
                  - type: http
                    urlFrom: SALES_HOOK_URL
                """);
        assertThat(required.skipReason(variable -> Optional.empty())).isEmpty();
    }

    private HttpSinkDefinition onlySink(String sinks) throws Exception {
        CompiledPipeline pipeline = loader.load(PIPELINE + sinks, "inline.yaml");
        assertThat(pipeline.pipeline().sinks()).hasSize(1);
        return (HttpSinkDefinition) pipeline.pipeline().sinks().get(0);
    }
}
