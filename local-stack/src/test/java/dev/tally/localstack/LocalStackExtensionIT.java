package dev.tally.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.localstack.testing.LocalStackExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The JUnit extension's out-of-process stack: its endpoints answer, and connectors and Connect can be driven through it. */
@ExtendWith(LocalStackExtension.class)
class LocalStackExtensionIT {

    @Test
    void endpointsAnswer(StackEndpoints endpoints) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers()))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(1);
        }
        HttpResponse<String> plugins = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(endpoints.connectUrl() + "/connector-plugins")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(plugins.body()).contains("io.debezium.connector.postgresql.PostgresConnector");
        for (String database : StackEndpoints.DATABASES) {
            try (Connection connection = DriverManager.getConnection(endpoints.jdbcUrl(database));
                 Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("SELECT current_database(), current_setting('wal_level')")) {
                assertThat(result.next()).isTrue();
                assertThat(result.getString(1)).isEqualTo(database);
                assertThat(result.getString(2)).isEqualTo("logical");
            }
        }
    }

    @Test
    void theStackJvmRunsOnItsOwnClasspath(LocalStackProcess stack) throws Exception {
        // ProcessHandle.Info gives no arguments for a command line this long; /proc has all of it.
        byte[] cmdline = Files.readAllBytes(Path.of("/proc", String.valueOf(stack.pid()), "cmdline"));
        List<String> arguments = List.of(new String(cmdline, StandardCharsets.UTF_8).split("\0"));
        String classpath = arguments.get(arguments.indexOf("-cp") + 1);

        assertThat(classpath).isEqualTo(LocalStackClasspath.get()).isNotEqualTo(System.getProperty("java.class.path"));
        assertThat(stack.endpoints().localStackPid()).isEqualTo(stack.pid());
    }

    @Test
    void connectorsAndConnectAreDrivenThroughTheProcess(LocalStackProcess stack) throws Exception {
        try (Connection connection = DriverManager.getConnection(stack.endpoints().jdbcUrl("tally"));
             Statement statement = connection.createStatement()) {
            // What the aggregator's schema migration creates for the outbox connector: an empty publication.
            statement.execute("""
                    DO $$ BEGIN
                        IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'tally_outbox') THEN
                            CREATE PUBLICATION tally_outbox;
                        END IF;
                    END $$
                    """);
        }
        assertThat(stack.registerConnector("tally-outbox")).isEqualTo("tally-outbox");

        long connectPid = stack.endpoints().connectPid();
        stack.killConnect();
        assertThat(Processes.isRunning(connectPid)).isFalse();
        stack.restartConnect();

        assertThat(stack.endpoints().connectPid()).isNotEqualTo(connectPid);
        assertThat(Processes.isRunning(stack.endpoints().connectPid())).isTrue();
    }
}
