package dev.tally.cli.api;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Calls one pipeline's endpoints on the aggregator's API with a bearer token. */
final class AggregatorApi {

    // Decimal deltas travel exactly as typed.
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** An answer: the status and the body as JSON (or text wrapped as a JSON string). */
    record Answer(int status, JsonNode body) {

        boolean ok() {
            return status / 100 == 2;
        }

        /** The API's {@code error} field, or the whole body. */
        String error() {
            return body.hasNonNull("error") ? body.get("error").asText() : body.toString();
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String token;
    private final String pipeline;

    AggregatorApi(String baseUrl, String token, String pipeline) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.token = token;
        this.pipeline = pipeline;
    }

    /** GET {@code /api/pipelines/{p}/<path>}. */
    Answer get(String path) {
        return send(request(path).GET().build());
    }

    /** POST {@code /api/pipelines/{p}/<path>} with a JSON body. */
    Answer post(String path, JsonNode body) {
        return send(request(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
    }

    private HttpRequest.Builder request(String path) {
        String url = baseUrl + "/api/pipelines/" + URLEncoder.encode(pipeline, StandardCharsets.UTF_8) + "/" + path;
        return HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Accept", "application/json");
    }

    private Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), parse(response));
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the aggregator at " + baseUrl + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static JsonNode parse(HttpResponse<String> response) {
        String body = response.body();
        if (response.statusCode() == 401) {
            return JSON.createObjectNode().put("error", "401: no valid token (expired, or signed by another key?)");
        }
        if (response.statusCode() == 403) {
            return JSON.createObjectNode().put("error", "403: the token lacks the role this needs");
        }
        try {
            return body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(body);
        }
    }
}
