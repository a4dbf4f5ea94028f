package dev.tally.publisher.http;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Quarkus test resource: starts the loopback HTTP endpoints the pipelines of {@code src/test/resources/http-pipelines}
 * deliver to, writes those pipelines (with the token endpoint's URL) to {@code target/http-pipelines}, and runs the
 * publisher with them, the endpoints' URLs and the secrets in the variables the pipelines name. Test fields of type
 * {@link Endpoints} are injected.
 */
public final class HttpEndpoints implements QuarkusTestResourceLifecycleManager {

    /** The endpoints of one run. */
    static final class Endpoints implements AutoCloseable {
        final Receiver single = new Receiver(Behaviours.flaky(11, 1_500));
        final Receiver batched = new Receiver(Behaviours.flaky(12, 1_500));
        final Receiver every = new Receiver(Behaviours.flaky(13, 1_500));
        final Receiver hanging = new Receiver(Behaviours.hang());
        final Receiver healthy = new Receiver(Behaviours.acceptEverything());
        final Receiver steady = new Receiver(Behaviours.acceptEverything());
        final String oauthSecret = "secret-" + UUID.randomUUID();
        final String apiKey = "key-" + UUID.randomUUID();
        final TokenEndpoint tokens = new TokenEndpoint(Map.of("tally-publisher", oauthSecret,
                "tally-reporting", "the-right-secret", "tally-misconfigured", "misconfigured-secret"));
        final AtomicInteger unauthorized = new AtomicInteger();
        final Receiver protectedByToken = new Receiver(Behaviours.requireToken(tokens, unauthorized));
        final Receiver protectedByKey = new Receiver(Behaviours.requireHeader("X-Api-Key", apiKey));

        @Override
        public void close() {
            for (TestEndpoint endpoint : List.of(single, batched, every, hanging, healthy, steady, tokens,
                    protectedByToken, protectedByKey)) {
                endpoint.close();
            }
        }
    }

    private static final Path TEMPLATES = Path.of("src/test/resources/http-pipelines");
    private static final Path PIPELINES = Path.of("target/http-pipelines");

    private Endpoints endpoints;

    @Override
    public Map<String, String> start() {
        endpoints = new Endpoints();
        writePipelines(endpoints.tokens.tokenUrl());
        Map<String, String> config = new HashMap<>();
        config.put("tally.pipelines", PIPELINES.toString());
        config.put("TEST_FLAKY_SINGLE_URL", endpoints.single.url("/hook"));
        config.put("TEST_FLAKY_BATCHED_URL", endpoints.batched.url("/hook"));
        config.put("TEST_FLAKY_EVERY_URL", endpoints.every.url("/hook"));
        config.put("TEST_HANGING_URL", endpoints.hanging.url("/hook"));
        config.put("TEST_HEALTHY_URL", endpoints.healthy.url("/hook"));
        config.put("TEST_STEADY_URL", endpoints.steady.url("/hook"));
        config.put("TEST_PROTECTED_URL", endpoints.protectedByToken.url("/hook"));
        config.put("TEST_API_KEY_URL", endpoints.protectedByKey.url("/hook"));
        config.put("TEST_OAUTH_SECRET", endpoints.oauthSecret);
        config.put("TEST_WRONG_SECRET", "not-the-secret");
        config.put("TEST_MISCONFIGURED_SECRET", "misconfigured-secret");
        config.put("TEST_API_KEY", endpoints.apiKey);
        return config;
    }

    private static void writePipelines(String tokenUrl) {
        try (Stream<Path> templates = Files.list(TEMPLATES)) {
            Files.createDirectories(PIPELINES);
            for (Path template : templates.toList()) {
                Files.writeString(PIPELINES.resolve(template.getFileName()),
                        Files.readString(template).replace("@TOKEN_URL@", tokenUrl));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the test pipelines to " + PIPELINES, e);
        }
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(endpoints, field -> field.getType() == Endpoints.class);
    }

    @Override
    public void stop() {
        if (endpoints != null) {
            endpoints.close();
            endpoints = null;
        }
    }
}
