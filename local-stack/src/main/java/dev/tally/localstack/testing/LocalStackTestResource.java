package dev.tally.localstack.testing;

import dev.tally.localstack.DevTokens;
import dev.tally.localstack.LocalStackProcess;
import dev.tally.localstack.StackEndpoints;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Quarkus test resource that runs a local stack out of process for the life of the Quarkus application under test and
 * points Kafka, the datasource (database {@value #DEFAULT_DATABASE}) and {@code tally.local-stack.connect-url} at it.
 *
 * <p>Init args: {@code database} (default {@value #DEFAULT_DATABASE}); {@code connectors}, comma-separated
 * Strimzi connector resources to create at start (their tables must exist by then). The application accepts the
 * bearer tokens of a {@link DevTokens} key pair of its own. Test fields of type {@link LocalStackProcess},
 * {@link StackEndpoints} or {@link DevTokens} are injected.
 */
public final class LocalStackTestResource implements QuarkusTestResourceLifecycleManager {

    static final String DEFAULT_DATABASE = "tally";

    private String database = DEFAULT_DATABASE;
    private String[] connectors = {};
    private LocalStackProcess stack;
    private DevTokens tokens;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", DEFAULT_DATABASE);
        String connectorList = initArgs.getOrDefault("connectors", "");
        connectors = Arrays.stream(connectorList.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toArray(String[]::new);
    }

    @Override
    public Map<String, String> start() {
        stack = LocalStackProcess.builder().connectors(connectors).start();
        tokens = DevTokens.ephemeral();
        Map<String, String> config = new HashMap<>(config(stack.endpoints(), database));
        config.putAll(tokens.serviceConfig());
        return config;
    }

    /** The Quarkus configuration that points an application at {@code endpoints}, with {@code database} as its datasource. */
    static Map<String, String> config(StackEndpoints endpoints, String database) {
        String hostAndDatabase = "127.0.0.1:" + endpoints.postgresPort() + "/" + database;
        return Map.of(
                "kafka.bootstrap.servers", endpoints.kafkaBootstrapServers(),
                "tally.local-stack.connect-url", endpoints.connectUrl(),
                "quarkus.datasource.reactive.url", "vertx-reactive:postgresql://" + hostAndDatabase,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hostAndDatabase,
                "quarkus.datasource.username", StackEndpoints.USER,
                "quarkus.datasource.password", StackEndpoints.PASSWORD,
                // The server, for tests that reach another of its databases: ${tally.local-stack.postgres-url}/source
                "tally.local-stack.postgres-url", "postgresql://" + StackEndpoints.USER + ":" + StackEndpoints.PASSWORD
                        + "@127.0.0.1:" + endpoints.postgresPort());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(stack, field -> field.getType() == LocalStackProcess.class);
        testInjector.injectIntoFields(stack.endpoints(), field -> field.getType() == StackEndpoints.class);
        testInjector.injectIntoFields(tokens, field -> field.getType() == DevTokens.class);
    }

    @Override
    public void stop() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }
}
