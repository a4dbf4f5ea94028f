package dev.tally.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.aggregator.OrderLines.Line;
import dev.tally.localstack.LocalStackProcess;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class CompensationChangesTheAggregateOnceTest extends OperatorApiTest {

    private static final String KEY = "[801]";
    private static final String REQUEST = """
            {"id": "credit-note-4711", "key": {"product_id": 801},
             "adjust": {"lines": 1, "units": -1, "revenue": "-2.50"}, "reason": "credit note 4711 booked by hand"}""";

    StackEndpoints endpoints;
    LocalStackProcess stack;

    @Inject
    PipelineRegistry pipelines;

    @Test
    void aCompensationIsAppliedPublishedAndListedOnceAndLaterChangesApplyOnTopOfIt() {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        OrderLines lines = new OrderLines(pipeline);
        ChangesTopic changes = new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline);
        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));
        stack.registerConnector("tally-outbox");

        List<ChangeEvent> inserts = new ArrayList<>();
        inserts.addAll(lines.insert(new Line(8101, 801, 2, "1.50")));
        inserts.addAll(lines.insert(new Line(8102, 801, 4, "2.25")));
        changes.send(inserts);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(database.aggregate(KEY)).get()
                .extracting(TallyDatabase.AggregateRow::version).isEqualTo(2L));

        JsonNode created = CompensationApi.post(REQUEST, 201);
        assertThat(created.path("id").asText()).isEqualTo("credit-note-4711");
        assertThat(created.path("kind").asText()).isEqualTo("adjust");
        assertThat(created.path("principal").asText()).isEqualTo("local-operator");
        assertThat(created.path("reason").asText()).isEqualTo("credit note 4711 booked by hand");
        assertThat(created.path("request").path("adjust").path("revenue").asText()).isEqualTo("-2.50");
        JsonNode effect = created.path("effect");
        assertThat(effect.path("aggregateId").asText()).isEqualTo(KEY);
        assertThat(effect.path("version").asLong()).isEqualTo(3);
        assertResults(effect.path("before"), 2, 6, "12.00");
        assertResults(effect.path("after"), 3, 5, "9.50");
        assertThat(effect.path("after").path("min_price").asText()).as("min and max are untouched").isEqualTo("1.50");

        TallyDatabase.AggregateRow stored = database.aggregate(KEY).orElseThrow();
        assertThat(stored.version()).isEqualTo(3);
        assertThat(stored.rows()).as("a delta brings no row").isEqualTo(2);
        assertThat(stored.results()).isEqualTo(effect.path("after"));

        AggregateUpdate published = awaitCompensatedUpdate(pipeline);
        assertThat(published.version()).isEqualTo(3);
        assertThat(published.aggregates().get("lines")).isEqualTo(3L);
        assertThat(published.delta().get("lines")).isEqualTo(1L);
        assertThat(published.delta().get("units")).isEqualTo(-1L);
        assertThat((BigDecimal) published.delta().get("revenue")).isEqualByComparingTo("-2.50");
        assertThat(published.cause().lastEventId()).as("the cause names the compensation").isEqualTo("credit-note-4711");
        assertThat(published.updatedAt()).isEqualTo(stored.updatedAt());

        // The same request again, spelled differently: the original record, nothing applied twice.
        JsonNode repeated = CompensationApi.post("""
                {"reason": "credit note 4711 booked by hand", "adjust": {"revenue": "-2.50", "units": -1, "lines": 1},
                 "key": {"product_id": 801}, "id": "credit-note-4711"}""", 200);
        assertThat(repeated).isEqualTo(created);
        assertThat(database.aggregate(KEY).orElseThrow().version()).as("a repeat changes nothing").isEqualTo(3);
        JsonNode conflict = CompensationApi.post(REQUEST.replace("\"units\": -1", "\"units\": -2"), 409);
        assertThat(conflict.path("error").asText()).contains("credit-note-4711").contains("already used");
        assertThat(database.aggregate(KEY).orElseThrow().version()).isEqualTo(3);

        JsonNode listed = CompensationApi.list(1000);
        JsonNode record = null;
        for (JsonNode item : listed.path("items")) {
            if (item.path("id").asText().equals("credit-note-4711")) {
                record = item;
            }
        }
        assertThat(record).as("listed: %s", listed).isEqualTo(created);
        assertThat(listed.path("total").asLong()).isGreaterThanOrEqualTo(1);

        // The aggregator had cached the state of version 2: the next change must see the compensation.
        changes.send(lines.insert(new Line(8103, 801, 1, "3.00")));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(database.aggregate(KEY)).get()
                .extracting(TallyDatabase.AggregateRow::version).isEqualTo(4L));
        JsonNode results = database.aggregate(KEY).orElseThrow().results();
        assertResults(results, 4, 6, "12.50");
        assertThat(results.path("max_price").asText()).isEqualTo("3.00");
    }

    private static void assertResults(JsonNode results, long lines, long units, String revenue) {
        assertThat(results.path("lines").asLong()).as("lines in %s", results).isEqualTo(lines);
        assertThat(results.path("units").asLong()).as("units in %s", results).isEqualTo(units);
        assertThat(results.path("revenue").asText()).as("revenue in %s", results).isEqualTo(revenue);
    }

    private AggregateUpdate awaitCompensatedUpdate(CompiledPipeline pipeline) {
        AggregateUpdateCodec codec = new AggregateUpdateCodec(pipeline);
        List<AggregateUpdate> compensated = new ArrayList<>();
        try (TopicRecords published = new TopicRecords(endpoints.kafkaBootstrapServers(),
                pipeline.pipeline().aggregatesTopic())) {
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                compensated.clear();
                for (ConsumerRecord<byte[], byte[]> record : published.poll()) {
                    if (record.key() != null && KEY.equals(new String(record.key(), StandardCharsets.UTF_8))
                            && "Compensated".equals(new String(record.headers().lastHeader("eventType").value(),
                            StandardCharsets.UTF_8))) {
                        compensated.add(codec.decode(record.value()));
                    }
                }
                assertThat(compensated).hasSize(1);
            });
        }
        AggregateUpdate update = compensated.getFirst();
        assertThat(update.type()).isEqualTo(AggregateUpdate.Type.COMPENSATED);
        return update;
    }
}
