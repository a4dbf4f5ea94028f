package dev.tally.localstack;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where a running local stack answers, and the PIDs of its processes; also the content of LocalStackMain's ready
 * file. Uses nothing outside the JDK, so that JVMs without local-stack's dependencies can use it.
 */
public record StackEndpoints(
        String kafkaBootstrapServers,
        String connectUrl,
        int postgresPort,
        long postgresPid,
        long kafkaPid,
        long connectPid,
        long localStackPid) {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";
    /** The databases of every local stack. */
    public static final List<String> DATABASES = List.of("source", "tally", "sink");

    /** A JDBC URL with user and password, e.g. {@code jdbc:postgresql://127.0.0.1:5432/source?user=postgres&password=postgres}. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database + "?user=" + USER + "&password=" + PASSWORD;
    }

    /** A libpq URL that psql accepts, e.g. {@code postgresql://postgres:postgres@127.0.0.1:5432/source}. */
    public String postgresUrl(String database) {
        return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + postgresPort + "/" + database;
    }

    /** The ready-file lines, in a stable order. */
    public Map<String, String> toReadyFile() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers);
        entries.put("CONNECT_URL", connectUrl);
        for (String database : DATABASES) {
            entries.put(database.toUpperCase(Locale.ROOT) + "_PG_URL", postgresUrl(database));
        }
        for (String database : DATABASES) {
            entries.put(database.toUpperCase(Locale.ROOT) + "_JDBC_URL", jdbcUrl(database));
        }
        entries.put("POSTGRES_PORT", String.valueOf(postgresPort));
        entries.put("POSTGRES_PID", String.valueOf(postgresPid));
        entries.put("KAFKA_PID", String.valueOf(kafkaPid));
        entries.put("CONNECT_PID", String.valueOf(connectPid));
        entries.put("LOCAL_STACK_PID", String.valueOf(localStackPid));
        return entries;
    }

    /** Reads the endpoints back from ready-file entries; {@code source} names the file in errors. */
    public static StackEndpoints fromReadyFile(Map<String, String> entries, Path source) {
        return new StackEndpoints(
                required(entries, "KAFKA_BOOTSTRAP_SERVERS", source),
                required(entries, "CONNECT_URL", source),
                Integer.parseInt(required(entries, "POSTGRES_PORT", source)),
                Long.parseLong(required(entries, "POSTGRES_PID", source)),
                Long.parseLong(required(entries, "KAFKA_PID", source)),
                Long.parseLong(required(entries, "CONNECT_PID", source)),
                Long.parseLong(required(entries, "LOCAL_STACK_PID", source)));
    }

    private static String required(Map<String, String> entries, String key, Path source) {
        String value = entries.get(key);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("The ready file " + source + " has no " + key);
        }
        return value;
    }
}
