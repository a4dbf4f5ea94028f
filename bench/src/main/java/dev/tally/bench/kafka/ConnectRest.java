package dev.tally.bench.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** The few Kafka Connect REST calls the benchmark makes: create, pause, resume and delete a connector. */
public final class ConnectRest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ConnectRest(String url) {
        this.url = url;
    }

    public void put(String connector, Map<String, String> config) {
        try {
            send(HttpRequest.newBuilder(URI.create(url + "/connectors/" + connector + "/config"))
                    .header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public void pause(String connector) {
        send(HttpRequest.newBuilder(URI.create(url + "/connectors/" + connector + "/pause"))
                .PUT(HttpRequest.BodyPublishers.noBody()));
    }

    public void resume(String connector) {
        send(HttpRequest.newBuilder(URI.create(url + "/connectors/" + connector + "/resume"))
                .PUT(HttpRequest.BodyPublishers.noBody()));
    }

    public void delete(String connector) {
        send(HttpRequest.newBuilder(URI.create(url + "/connectors/" + connector)).DELETE());
    }

    /** The connector's state and its tasks' states, e.g. {@code RUNNING [RUNNING]}. */
    public String state(String connector) {
        String body = send(HttpRequest.newBuilder(URI.create(url + "/connectors/" + connector + "/status")).GET());
        try {
            var status = JSON.readTree(body);
            StringBuilder state = new StringBuilder(status.path("connector").path("state").asText());
            state.append(" [");
            status.path("tasks").forEach(t -> state.append(t.path("state").asText()).append(' '));
            return state.toString().trim() + "]";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new IllegalStateException("Connect answered " + response.statusCode() + " to "
                        + response.request().method() + " " + response.request().uri() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new IllegalStateException("Connect at " + url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
