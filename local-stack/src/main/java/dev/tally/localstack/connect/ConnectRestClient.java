package dev.tally.localstack.connect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The few calls of the Kafka Connect REST API that the local stack needs. */
public final class ConnectRestClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Connect's health check waits up to 10 s for the worker before it answers 503. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    public ConnectRestClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** An HTTP answer: status code and body. */
    public record Answer(int status, String body) {
        boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    /** Whether the worker has joined its group and serves requests ({@code GET /health} answers 200). */
    public boolean isHealthy() throws IOException, InterruptedException {
        return send(get("/health")).status() == 200;
    }

    /** {@code PUT /connectors/{name}/config}; creates or updates the connector. */
    public Answer putConfig(String name, Map<String, String> config) throws IOException, InterruptedException {
        HttpRequest request = request("/connectors/" + encode(name) + "/config")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(toJson(config)))
                .build();
        return send(request);
    }

    /** {@code GET /connectors/{name}/status}, or empty if Connect does not know the connector (yet). */
    public Optional<JsonNode> status(String name) throws IOException, InterruptedException {
        Answer answer = send(get("/connectors/" + encode(name) + "/status"));
        if (answer.status() == 404) {
            return Optional.empty();
        }
        if (!answer.isSuccess()) {
            throw new IOException("GET /connectors/" + name + "/status answered " + answer.status() + ": " + answer.body());
        }
        return Optional.of(JSON.readTree(answer.body()));
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(REQUEST_TIMEOUT).header("Accept", "application/json");
    }

    private Answer send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    private static String toJson(Map<String, String> config) {
        try {
            return JSON.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write a connector config as JSON: " + e.getMessage(), e);
        }
    }

    private static String encode(String name) {
        return URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
