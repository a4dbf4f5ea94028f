package dev.tally.aggregator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.dlq.DeadLetter;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.DeadLetters;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * "Re-drive all" on a dead-letter topic larger than one call may send: each call sends the next entries and stops
 * there ({@code "more": true}), and the next call starts where it stopped, so no call reads or lists again what an
 * earlier one re-drove, however long the topic's history.
 */
@QuarkusTest
@TestProfile(SmallRedrivePages.class)
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class RedriveAllGoesThroughTheTopicOncePageByPageTest extends OperatorApiTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int ENTRIES = 25;

    StackEndpoints endpoints;

    @Inject
    PipelineRegistry pipelines;

    @Inject
    DeadLetters deadLetters;

    @Test
    void eachCallSendsTheNextEntriesAndNoneTwice() throws Exception {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        String rawTopic = "redrive-pages.public.order_lines";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(rawTopic, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        for (int i = 0; i < ENTRIES; i++) {
            byte[] value = ("{\"entry\":" + i + "}").getBytes(StandardCharsets.UTF_8);
            deadLetters.send(pipeline.name(), DeadLetter.Stage.INGEST, "cannot map the row",
                    new ConsumerRecord<>(rawTopic, 0, i, System.currentTimeMillis(), TimestampType.CREATE_TIME, -1, -1,
                            null, value, new RecordHeaders(), Optional.empty()), Optional.empty())
                    .await().atMost(WAIT);
        }

        Set<String> redriven = new HashSet<>();
        List<Integer> perCall = new ArrayList<>();
        List<Boolean> more = new ArrayList<>();
        for (int call = 0; call < 5; call++) {
            JsonNode result = ReadApi.json(DlqApi.redrive("{\"all\": true}").then().statusCode(200).extract()
                    .response());
            assertThat(result.path("skipped")).as("call %d lists nothing an earlier call re-drove", call).isEmpty();
            for (JsonNode entry : result.path("redriven")) {
                assertThat(redriven.add(entry.path("partition").asInt() + ":" + entry.path("offset").asLong()))
                        .as("entry %s re-driven once", entry).isTrue();
            }
            perCall.add(result.path("redriven").size());
            more.add(result.path("more").asBoolean());
        }

        assertThat(perCall).containsExactly(10, 10, 5, 0, 0);
        assertThat(more).containsExactly(true, true, false, false, false);
        assertThat(redriven).hasSize(ENTRIES);
    }
}
