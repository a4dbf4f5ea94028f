package dev.tally.cli.verify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a service's Prometheus metrics ({@code /q/metrics}) for measurements. */
public final class ServiceMetrics {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ServiceMetrics() {
    }

    /** The sum of every series of metric {@code name} (all tags). */
    public static double value(String serviceUrl, String name) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(scrape(serviceUrl));
        double sum = 0;
        while (m.find()) {
            sum += Double.parseDouble(m.group(2));
        }
        return sum;
    }

    /**
     * The client-side quantiles of a timer in seconds, as milliseconds by quantile (0.5, 0.95, 0.99),
     * of the series carrying {@code tag} (e.g. {@code sink="sql"}).
     */
    public static Map<Double, Double> quantilesMillis(String serviceUrl, String name, String tag) {
        Matcher m = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(scrape(serviceUrl));
        Pattern quantile = Pattern.compile("quantile=\"([0-9.]+)\"");
        Map<Double, Double> quantiles = new TreeMap<>();
        while (m.find()) {
            Matcher q = quantile.matcher(m.group(1));
            if (m.group(1).contains(tag) && q.find()) {
                quantiles.put(Double.parseDouble(q.group(1)), Double.parseDouble(m.group(2)) * 1000);
            }
        }
        return quantiles;
    }

    private static String scrape(String serviceUrl) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/q/metrics")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the metrics of " + serviceUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
