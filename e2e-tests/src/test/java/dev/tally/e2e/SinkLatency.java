package dev.tally.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads the publisher's source-commit-to-sink-write quantiles from its Prometheus endpoint, for the record. */
final class SinkLatency {

    private static final Pattern QUANTILE = Pattern.compile(
            "^tally_sink_latency_seconds\\{.*quantile=\"([0-9.]+)\".*} ([0-9.eE+-]+)$", Pattern.MULTILINE);

    private SinkLatency() {
    }

    static String quantiles(String publisherUrl) {
        try {
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(publisherUrl + "/q/metrics"))
                    .GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            Matcher m = QUANTILE.matcher(metrics);
            return m.results().map(r -> "p" + Math.round(Double.parseDouble(r.group(1)) * 100) + " "
                            + Math.round(Double.parseDouble(r.group(2)) * 1000) + " ms")
                    .collect(Collectors.joining(", "));
        } catch (Exception e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }
}
