package dev.tally.cli.api;

import dev.tally.cli.Workspace;
import dev.tally.localstack.ReadyFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Where the aggregator's API is and which token to send: options first, then the environment, then
 * {@code .tally/local.env} of a running {@code ./tally up}.
 */
public final class ApiOptions {

    @Option(names = "--pipeline", required = true, paramLabel = "NAME", description = "The pipeline, e.g. sales-by-product.")
    String pipeline;

    @Option(names = "--url", paramLabel = "URL",
            description = "The aggregator's base URL (default: $AGGREGATOR_URL, else .tally/local.env of ./tally up).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "Bearer token (default: $TALLY_OPERATOR_TOKEN for changes, $TALLY_VIEWER_TOKEN for reads, "
                    + "else .tally/local.env).")
    String token;

    /** A client for the pipeline's API, authenticated with the operator token (for writes) or the viewer token. */
    AggregatorApi client(boolean write) {
        Map<String, String> local = localEnv();
        String baseUrl = firstOf(url, System.getenv("AGGREGATOR_URL"), local.get("AGGREGATOR_URL"))
                .orElseThrow(() -> new IllegalStateException(
                        "where is the aggregator? Start it with ./tally up, or give --url or AGGREGATOR_URL"));
        String tokenVariable = write ? "TALLY_OPERATOR_TOKEN" : "TALLY_VIEWER_TOKEN";
        String bearer = firstOf(token, System.getenv(tokenVariable), local.get(tokenVariable))
                .orElseThrow(() -> new IllegalStateException("no token: give --token or set " + tokenVariable));
        return new AggregatorApi(baseUrl, bearer, pipeline);
    }

    private static Map<String, String> localEnv() {
        Path file;
        try {
            file = Workspace.current().localEnv();
        } catch (IllegalStateException notInRepository) {
            return Map.of();
        }
        return Files.isRegularFile(file) ? ReadyFile.read(file) : Map.of();
    }

    private static Optional<String> firstOf(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null && !candidate.isBlank()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
