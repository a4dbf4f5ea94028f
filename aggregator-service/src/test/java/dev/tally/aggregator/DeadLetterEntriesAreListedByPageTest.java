package dev.tally.aggregator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "tally"))
class DeadLetterEntriesAreListedByPageTest extends OperatorApiTest {

    StackEndpoints endpoints;
    @Inject
    PipelineRegistry pipelines;

    @Test
    void everyEntryIsListedOnceInPartitionAndOffsetOrderWithItsKeyValueAndOrigin() {
        CompiledPipeline pipeline = pipelines.get("sales-by-product").orElseThrow();
        ChangesTopic changes = new ChangesTopic(endpoints.kafkaBootstrapServers(), pipeline);
        String run = UUID.randomUUID().toString();
        String json = "{\"pipeline\":\"sales-by-product\",\"run\":\"" + run + "\"}";
        byte[] text = ("not JSON " + run).getBytes(StandardCharsets.UTF_8);
        byte[] binary = ("\u00ff" + run).getBytes(StandardCharsets.ISO_8859_1);
        changes.sendRaw("[9101]", json.getBytes(StandardCharsets.UTF_8));
        changes.sendRaw("[9102]", text);
        changes.sendRaw("[9103]", binary);
        String textBase64 = Base64.getEncoder().encodeToString(text);
        String binaryBase64 = Base64.getEncoder().encodeToString(binary);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<JsonNode> entries = DlqApi.all(100);
            assertThat(entries).anyMatch(DlqApi.withValue(json)).anyMatch(DlqApi.withValue(textBase64))
                    .anyMatch(DlqApi.withValue(binaryBase64));
        });

        long total = DlqApi.page(0, 2).then().statusCode(200).extract().jsonPath().getLong("total");
        List<JsonNode> listed = new ArrayList<>();
        for (int page = 0; page * 2L < total; page++) {
            JsonNode body = ReadApi.json(DlqApi.page(page, 2).then().statusCode(200).extract().response());
            assertThat(body.path("page").asInt()).isEqualTo(page);
            assertThat(body.path("size").asInt()).isEqualTo(2);
            assertThat(body.path("items").size()).as("page %d", page).isBetween(1, 2);
            body.path("items").forEach(listed::add);
        }
        assertThat(listed).as("the pages together hold every entry").hasSize((int) total);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < listed.size(); i++) {
            JsonNode entry = listed.get(i);
            assertThat(seen.add(entry.path("partition").asInt() + "@" + entry.path("offset").asLong()))
                    .as("each entry once").isTrue();
            if (i > 0) {
                JsonNode before = listed.get(i - 1);
                assertThat(compare(before, entry)).as("ordered by partition, then offset").isNegative();
            }
        }

        JsonNode asJson = listed.stream().filter(DlqApi.withValue(json)).findFirst().orElseThrow();
        assertThat(asJson.path("stage").asText()).isEqualTo("aggregate");
        assertThat(asJson.path("reason").asText()).contains("not a change event of pipeline sales-by-product");
        assertThat(asJson.path("original").path("topic").asText()).isEqualTo(pipeline.pipeline().changesTopic());
        assertThat(asJson.path("original").path("offset").isNumber()).isTrue();
        assertThat(asJson.path("timestamp").asText()).isNotEmpty();
        assertThat(asJson.path("key").path("encoding").asText()).isEqualTo("json");
        assertThat(asJson.path("key").path("data").asText()).isEqualTo("[9101]");
        assertThat(asJson.path("value").path("encoding").asText()).isEqualTo("json");
        assertThat(asJson.path("redrives").isArray()).isTrue();
        assertThat(asJson.path("redrives")).isEmpty();
        assertThat(asJson.has("sink")).as("only publish-stage entries name a sink").isFalse();
        assertThat(listed.stream().filter(DlqApi.withValue(textBase64)).findFirst().orElseThrow()
                .path("value").path("encoding").asText()).as("text that is not JSON").isEqualTo("base64");
        assertThat(listed.stream().filter(DlqApi.withValue(binaryBase64)).findFirst().orElseThrow()
                .path("value").path("encoding").asText()).as("bytes that are not UTF-8").isEqualTo("base64");
    }

    @Test
    void badPagesAndUnknownPipelinesAreRefusedWithAReason() {
        DlqApi.page(-1, 10).then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("page must be"));
        DlqApi.page(0, 0).then().statusCode(400);
        DlqApi.page(0, 501).then().statusCode(400).body("error", org.hamcrest.Matchers.containsString("500"));
        io.restassured.RestAssured.given().when().get("/api/pipelines/no-such-pipeline/dlq").then().statusCode(404)
                .body("error", org.hamcrest.Matchers.containsString("sales-by-product"));
    }

    private static int compare(JsonNode a, JsonNode b) {
        int byPartition = Integer.compare(a.path("partition").asInt(), b.path("partition").asInt());
        return byPartition != 0 ? byPartition : Long.compare(a.path("offset").asLong(), b.path("offset").asLong());
    }
}
