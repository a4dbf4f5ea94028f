package dev.tally.localstack.connect;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Creates connectors on the local Connect worker and waits until the connector and all its tasks are RUNNING. */
public final class ConnectorRegistrar {

    private static final long POLL_MILLIS = 100;

    private final ConnectRestClient rest;
    private final Path connectLog;

    public ConnectorRegistrar(ConnectRestClient rest, Path connectLog) {
        this.rest = rest;
        this.connectLog = connectLog;
    }

    /** {@code PUT}s the config (retrying while the worker rebalances), then waits until everything runs. */
    public void register(String name, Map<String, String> config, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        putConfig(name, config, deadline, timeout);
        awaitRunning(name, deadline, timeout);
    }

    /** Waits until the connector and all its tasks are RUNNING. */
    public void awaitRunning(String name, Duration timeout) throws InterruptedException {
        awaitRunning(name, System.nanoTime() + timeout.toNanos(), timeout);
    }

    private void putConfig(String name, Map<String, String> config, long deadline, Duration timeout) throws InterruptedException {
        String lastProblem = "no answer";
        while (System.nanoTime() < deadline) {
            try {
                ConnectRestClient.Answer answer = rest.putConfig(name, config);
                if (answer.isSuccess()) {
                    return;
                }
                if (answer.status() == 400 || answer.status() == 422) {
                    throw new IllegalArgumentException("Kafka Connect rejected the config of connector '" + name + "' ("
                            + answer.status() + "): " + answer.body());
                }
                // 409: the worker is rebalancing; 5xx: it is not ready yet or timed out. Both pass.
                lastProblem = answer.status() + " " + answer.body();
            } catch (IOException e) {
                lastProblem = e.toString();
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("Kafka Connect did not accept connector '" + name + "' within " + timeout.toSeconds()
                + " s (last answer: " + lastProblem + "); see " + connectLog);
    }

    private void awaitRunning(String name, long deadline, Duration timeout) throws InterruptedException {
        String lastStatus = "none";
        while (System.nanoTime() < deadline) {
            try {
                Optional<JsonNode> status = rest.status(name);
                if (status.isPresent()) {
                    lastStatus = status.get().toString();
                    failIfFailed(name, status.get());
                    if (isRunning(status.get())) {
                        return;
                    }
                }
            } catch (IOException e) {
                lastStatus = e.toString();
            }
            Thread.sleep(POLL_MILLIS);
        }
        throw new IllegalStateException("Connector '" + name + "' was not RUNNING within " + timeout.toSeconds()
                + " s; last status: " + lastStatus + "; see " + connectLog);
    }

    private static boolean isRunning(JsonNode status) {
        JsonNode tasks = status.path("tasks");
        if (!"RUNNING".equals(status.at("/connector/state").asText()) || tasks.isEmpty()) {
            return false;
        }
        for (JsonNode task : tasks) {
            if (!"RUNNING".equals(task.path("state").asText())) {
                return false;
            }
        }
        return true;
    }

    private void failIfFailed(String name, JsonNode status) {
        if ("FAILED".equals(status.at("/connector/state").asText())) {
            throw new IllegalStateException("Connector '" + name + "' FAILED; see " + connectLog + ". Trace:\n"
                    + status.at("/connector/trace").asText());
        }
        for (JsonNode task : status.path("tasks")) {
            if ("FAILED".equals(task.path("state").asText())) {
                throw new IllegalStateException("Task " + task.path("id").asText() + " of connector '" + name
                        + "' FAILED; see " + connectLog + ". Trace:\n" + task.path("trace").asText());
            }
        }
    }
}
