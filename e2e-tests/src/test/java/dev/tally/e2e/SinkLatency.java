package dev.tally.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads the publisher's source-commit-to-sink-write quantiles from its Prometheus endpoint, for the record. */
final class SinkLatency {

    private static final Pattern QUANTILE = Pattern.compile(
            "^tally_sink_latency_seconds\\{(?=[^}]*sink=\"([^\"]+)\")[^}]*quantile=\"([0-9.]+)\"[^}]*} ([0-9.eE+-]+)$",
            Pattern.MULTILINE);

    private SinkLatency() {
    }

    /** Per sink, e.g. {@code sql: p50 120 ms, p95 300 ms, p99 410 ms}. */
    static String quantiles(String publisherUrl) {
        try {
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(publisherUrl + "/q/metrics"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            Map<String, List<String>> bySink = new TreeMap<>();
            QUANTILE.matcher(metrics).results().forEach(r -> bySink.computeIfAbsent(r.group(1), s -> new ArrayList<>())
                    .add("p" + Math.round(Double.parseDouble(r.group(2)) * 100) + " "
                            + Math.round(Double.parseDouble(r.group(3)) * 1000) + " ms"));
            return bySink.entrySet().stream().map(e -> e.getKey() + ": " + String.join(", ", e.getValue()))
                    .collect(Collectors.joining("; "));
        } catch (Exception e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }
}
