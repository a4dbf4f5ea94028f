package dev.tally.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackEndpointsTest {

    private final StackEndpoints endpoints = new StackEndpoints("127.0.0.1:9092", "http://127.0.0.1:8083", 5432, 11, 12, 13, 14);

    @Test
    void urlsForEachDatabase() {
        assertThat(endpoints.jdbcUrl("tally")).isEqualTo("jdbc:postgresql://127.0.0.1:5432/tally?user=postgres&password=postgres");
        assertThat(endpoints.postgresUrl("sink")).isEqualTo("postgresql://postgres:postgres@127.0.0.1:5432/sink");
    }

    @Test
    void survivesTheReadyFile(@TempDir Path dir) {
        Path file = dir.resolve("ready.env");

        ReadyFile.write(file, endpoints.toReadyFile());

        assertThat(ReadyFile.read(file)).containsKeys("KAFKA_BOOTSTRAP_SERVERS", "CONNECT_URL", "SOURCE_PG_URL", "TALLY_PG_URL",
                "SINK_PG_URL", "SOURCE_JDBC_URL", "TALLY_JDBC_URL", "SINK_JDBC_URL", "POSTGRES_PORT", "POSTGRES_PID", "KAFKA_PID",
                "CONNECT_PID", "LOCAL_STACK_PID");
        assertThat(StackEndpoints.fromReadyFile(ReadyFile.read(file), file)).isEqualTo(endpoints);
        assertThat(dir.resolve("ready.env.tmp")).doesNotExist();
    }
}
