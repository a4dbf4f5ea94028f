package dev.tally.cli;

import java.nio.file.Path;
import java.util.Locale;

/** Tally's three services, each run as its own JVM from its Quarkus runner. */
public enum TallyService {
    INGEST("ingest-service", null),
    AGGREGATOR("aggregator-service", "tally"),
    PUBLISHER("publisher-service", "sink");

    private final String module;
    private final String database;

    TallyService(String module, String database) {
        this.module = module;
        this.database = database;
    }

    public String module() {
        return module;
    }

    /** The local database the service uses, or null. */
    String database() {
        return database;
    }

    /** e.g. INGEST for {@code INGEST_URL} and {@code INGEST_PID} in .tally/local.env. */
    String envPrefix() {
        return name();
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    Path runner(Path root) {
        return root.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
