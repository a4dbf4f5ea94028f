package dev.tally.publisher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.tally.localstack.StackEndpoints;
import dev.tally.localstack.testing.LocalStackTestResource;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.publisher.AggregatesProducer;
import dev.tally.publisher.PublisherMetrics;
import dev.tally.publisher.Updates;
import dev.tally.service.PipelineRegistry;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * OAuth 2.0 client credentials against a loopback token endpoint: the token is fetched, cached, refreshed before it
 * expires and after a 401; a wrong secret sends the records to the dead letters at once. And a static header. Last,
 * no secret the sinks used (client secrets, tokens, header values) is in a log line or a dead letter.
 */
@QuarkusTest
@WithTestResource(value = LocalStackTestResource.class, initArgs = @ResourceArg(name = "database", value = "sink"))
@WithTestResource(HttpEndpoints.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HttpSinkAuthTest {

    /** Every log line of the service while the tests run, formatted as a log file would hold it. */
    private static final StringBuffer LOG = new StringBuffer();
    private static final Handler LOG_CAPTURE = new Handler() {
        private final Formatter format = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            LOG.append(format.format(record));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String PIPELINE = "http-auth";
    private static final String CLIENT = "tally-publisher";

    StackEndpoints stack;

    HttpEndpoints.Endpoints endpoints;

    @Inject
    PipelineRegistry pipelines;

    @BeforeAll
    static void captureTheLog() {
        LOG_CAPTURE.setLevel(Level.ALL);
        Logger.getLogger("").addHandler(LOG_CAPTURE);
    }

    @AfterAll
    static void stopCapturing() {
        Logger.getLogger("").removeHandler(LOG_CAPTURE);
    }

    @Test
    void theTokenIsFetchedCachedAndRefreshedOnExpiryAndOn401AndAWrongSecretEndsInTheDlqWithoutRetries() {
        TokenEndpoint tokens = endpoints.tokens;
        Receiver receiver = endpoints.protectedByToken;

        deliver(1);
        deliver(2);
        String first = authorization(1);
        assertThat(first).isEqualTo("Bearer " + tokens.lastIssued(CLIENT)).endsWith("-aggregates:write");
        assertThat(authorization(2)).as("the cached token").isEqualTo(first);
        assertThat(tokens.requests(CLIENT)).isEqualTo(1);

        tokens.revoke(tokens.lastIssued(CLIENT));
        deliver(3);
        assertThat(authorization(3)).as("a fresh token after the 401").isNotEqualTo(first)
                .isEqualTo("Bearer " + tokens.lastIssued(CLIENT));
        assertThat(tokens.requests(CLIENT)).isEqualTo(2);
        assertThat(endpoints.unauthorized.get()).isEqualTo(1);

        tokens.issueTokensFor(Duration.ofSeconds(2));
        tokens.revoke(tokens.lastIssued(CLIENT));
        deliver(4);
        String shortLived = tokens.lastIssued(CLIENT);
        assertThat(tokens.requests(CLIENT)).isEqualTo(3);
        assertThat(endpoints.unauthorized.get()).isEqualTo(2);
        await("the short-lived token expires").atMost(WAIT).until(() -> tokens.expired(shortLived));
        deliver(5);
        assertThat(authorization(5)).as("a token fetched before the expired one was sent")
                .isEqualTo("Bearer " + tokens.lastIssued(CLIENT)).isNotEqualTo("Bearer " + shortLived);
        assertThat(tokens.requests(CLIENT)).isEqualTo(4);
        assertThat(endpoints.unauthorized.get()).as("no request went out with the expired token").isEqualTo(2);
        assertThat(receiver.received()).filteredOn(r -> r.productId() <= 5).hasSize(5);

        CompiledPipeline pipeline = pipelines.get(PIPELINE).orElseThrow();
        DeadLetterTopic dlq = new DeadLetterTopic(stack.kafkaBootstrapServers(), pipeline);
        List<DeadLetterTopic.Letter> refused = await("the wrong secret's dead letters").atMost(WAIT)
                .until(() -> dlq.of("wrong-secret"), letters -> letters.size() == 5);
        assertThat(refused).allSatisfy(letter -> assertThat(letter.reason()).contains(
                "HTTP sink 'wrong-secret' gave up on 1 record", "after 1 attempt: token endpoint",
                "refused the credentials of client 'tally-reporting': 401", "invalid_client",
                "TEST_WRONG_SECRET (sinks[1].auth.clientSecretFrom)", "(not retried)"));
        assertThat(tokens.requests("tally-reporting")).isBetween(1, 5);
        assertThat(PublisherMetrics.sinkMeter("tally_sink_http_retries_total", PIPELINE, "wrong-secret")).isZero();
        assertThat(PublisherMetrics.sinkMeter("tally_sink_dead_letters_total", PIPELINE, "wrong-secret")).isEqualTo(5);
    }

    @Test
    void aTokenInAnotherPropertyThanConfiguredIsNeverCopiedIntoADeadLetter() {
        CompiledPipeline pipeline = pipelines.get("http-auth-wrong-property").orElseThrow();
        try (AggregatesProducer producer = new AggregatesProducer(stack.kafkaBootstrapServers())) {
            producer.send(pipeline, Updates.of(pipeline, null, 1, 1, Map.of("lines", 1L, "units", 1L), 1L));
        }

        DeadLetterTopic dlq = new DeadLetterTopic(stack.kafkaBootstrapServers(), pipeline);
        List<DeadLetterTopic.Letter> refused = await("the misconfigured sink's dead letter").atMost(WAIT)
                .until(() -> dlq.of("wrong-property"), letters -> !letters.isEmpty());
        String token = endpoints.tokens.lastIssued("tally-misconfigured");
        assertThat(token).isNotNull();
        assertThat(refused).allSatisfy(letter -> assertThat(letter.reason())
                .contains("answered 200 with the properties [access_token, token_type, expires_in] (values withheld)",
                        "has no token in property 'token'", "set auth.tokenProperty")
                .doesNotContain(token));
    }

    @Test
    void aStaticHeaderCarriesTheValueOfItsVariable() {
        CompiledPipeline pipeline = pipelines.get("http-api-key").orElseThrow();
        try (AggregatesProducer producer = new AggregatesProducer(stack.kafkaBootstrapServers())) {
            for (long product = 1; product <= 3; product++) {
                producer.send(pipeline, Updates.of(pipeline, null, 1, 1, Map.of("lines", 1L, "units", product),
                        product));
            }
        }
        await("products 1 to 3 at the endpoint that requires X-Api-Key").atMost(WAIT)
                .until(() -> endpoints.protectedByKey.versionsByProduct().size() == 3);
        assertThat(endpoints.protectedByKey.received()).allSatisfy(received ->
                assertThat(received.header("X-Api-Key")).isEqualTo(endpoints.apiKey));
        assertThat(PublisherMetrics.sinkMeter("tally_sink_http_retries_total", "http-api-key", "api-key")).isZero();
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void noSecretTheSinksUsedIsInALogLineOrADeadLetter() {
        Set<String> secrets = new HashSet<>(endpoints.tokens.issued());
        assertThat(secrets).as("tokens the other tests had issued").isNotEmpty();
        secrets.addAll(List.of(endpoints.oauthSecret, endpoints.apiKey, "the-right-secret", "misconfigured-secret",
                "not-the-secret"));
        assertThat(LOG).as("the log captured while the tests ran").isNotEmpty();

        for (String pipeline : List.of(PIPELINE, "http-auth-wrong-property", "http-api-key")) {
            String deadLetters = new DeadLetterTopic(stack.kafkaBootstrapServers(), pipelines.get(pipeline)
                    .orElseThrow()).raw();
            for (String secret : secrets) {
                assertThat(deadLetters).as("the dead letters of %s", pipeline).doesNotContain(secret);
            }
        }
        for (String secret : secrets) {
            assertThat(LOG.toString()).as("the log").doesNotContain(secret);
        }
    }

    /** Sends version 1 of a product and waits until the token-protected endpoint accepted it. */
    private void deliver(long product) {
        CompiledPipeline pipeline = pipelines.get(PIPELINE).orElseThrow();
        try (AggregatesProducer producer = new AggregatesProducer(stack.kafkaBootstrapServers())) {
            producer.send(pipeline, Updates.of(pipeline, null, 1, 1, Map.of("lines", 1L, "units", product), product));
        }
        await("product " + product + " at the token-protected endpoint").atMost(WAIT)
                .until(() -> endpoints.protectedByToken.versionsByProduct().containsKey(product));
    }

    private String authorization(long product) {
        return endpoints.protectedByToken.received().stream().filter(r -> r.productId() == product).findFirst()
                .orElseThrow().header("Authorization");
    }
}
