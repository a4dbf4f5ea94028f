package dev.tally.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.aggregator.OrderLines.Line;
import dev.tally.localstack.LocalStackProcess;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.aggregate.AggregateDefinition;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.AggregateUpdateCodec;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.model.TypedJson;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class OutboxPublishesAggregatesTest {

    private static final String KEY = "[301]";

    StackEndpoints endpoints;
    LocalStackProcess stack;

    @Inject
    PipelineRegistry pipelines;

    @Test
    void everyAggregateVersionIsPublishedKeyedByAggregateIdWithItsEventType() {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        AggregateUpdateCodec codec = new AggregateUpdateCodec(pipeline);
        OrderLines lines = new OrderLines(pipeline);
        ChangesTopic changes = new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline);
        TallyDatabase database = new TallyDatabase(endpoints.jdbcUrl("tally"));
        // The app has migrated its schema by now: the connector's publication exists.
        stack.registerConnector("tally-outbox");

        try (TopicRecords published = new TopicRecords(endpoints.kafkaBootstrapServers(),
                pipeline.pipeline().aggregatesTopic())) {
            Line first = new Line(3101, 301, 2, "1.50");
            Line second = new Line(3102, 301, 4, "2.25");
            List<ChangeEvent> round = new ArrayList<>();
            round.addAll(lines.insert(first));
            round.addAll(lines.insert(second));
            changes.send(round);
            awaitPublishedVersion(published, codec, database, 2);

            // A second batch: the connector publishes what follows.
            round.clear();
            round.addAll(lines.update(second, second.withQuantity(1)));
            round.addAll(lines.delete(first));
            changes.send(round);
            List<AggregateUpdate> updates = awaitPublishedVersion(published, codec, database, 4);

            for (int i = 1; i < updates.size(); i++) {
                assertThat(updates.get(i).version()).as("versions of %s", KEY).isGreaterThan(updates.get(i - 1).version());
            }
            AggregateUpdate last = updates.getLast();
            TallyDatabase.AggregateRow stored = database.aggregate(KEY).orElseThrow();
            assertThat(last.aggregateId()).isEqualTo(KEY);
            assertThat(last.type()).isEqualTo(AggregateUpdate.Type.UPDATED);
            assertThat(last.version()).isEqualTo(stored.version());
            assertThat(last.rows()).isEqualTo(stored.rows()).isEqualTo(1);
            assertThat(last.updatedAt()).isEqualTo(stored.updatedAt());
            for (AggregateDefinition aggregate : pipeline.aggregateDefinitions()) {
                assertThat(last.aggregates().get(aggregate.name())).as(aggregate.name())
                        .isEqualTo(TypedJson.read(stored.results().get(aggregate.name()), aggregate.resultType()));
            }
            assertThat((BigDecimal) last.aggregates().get("revenue")).isEqualByComparingTo("2.25");
            assertThat(last.cause().changes() + updates.get(updates.size() - 2).version()).isEqualTo(last.version());
            assertThat(connectorStatus()).as("the outbox connector runs")
                    .contains("\"state\":\"RUNNING\"").doesNotContain("FAILED");
        }
    }

    private static String connectorStatus() {
        String connect = ConfigProvider.getConfig().getValue("tally.local-stack.connect-url", String.class);
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(HttpRequest.newBuilder(URI.create(connect + "/connectors/tally-outbox/status"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the connector status from " + connect, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<AggregateUpdate> awaitPublishedVersion(TopicRecords published, AggregateUpdateCodec codec,
                                                               TallyDatabase database, long version) {
        List<AggregateUpdate> updates = new ArrayList<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            updates.clear();
            for (ConsumerRecord<byte[], byte[]> record : published.poll()) {
                String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
                if (!KEY.equals(key)) {
                    continue;
                }
                assertThat(record.value()).as("value of a record keyed %s", key).isNotNull();
                Header type = record.headers().lastHeader("eventType");
                assertThat(type).as("eventType header").isNotNull();
                assertThat(new String(type.value(), StandardCharsets.UTF_8)).isEqualTo("AggregateUpdated");
                updates.add(codec.decode(record.value()));
            }
            assertThat(updates).isNotEmpty();
            assertThat(updates.getLast().version()).isEqualTo(version);
            assertThat(database.aggregate(KEY).orElseThrow().version()).isEqualTo(version);
        });
        return List.copyOf(updates);
    }
}
