package dev.tally.publisher.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A test endpoint that receives aggregate records (a JSON object, or a JSON array of them) and keeps those of the
 * requests it accepts, in the order it accepted them. What it answers is its {@link Behaviour}'s choice.
 */
class Receiver extends TestEndpoint {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a receiver answers a request; {@code null} accepts it (204). */
    interface Behaviour {
        Refusal refuse(List<JsonNode> records, Map<String, String> headers) throws IOException;
    }

    /** A refused request: the status, extra response headers and the body; {@code hang} first keeps it waiting. */
    record Refusal(int status, Map<String, String> headers, String body, long hangMillis) {
        static Refusal of(int status, String body) {
            return new Refusal(status, Map.of(), body, 0);
        }
    }

    private final Behaviour behaviour;
    private final List<Received> received = new ArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    Receiver(Behaviour behaviour) {
        this.behaviour = behaviour;
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        JsonNode body = JSON.readTree(body(exchange));
        List<JsonNode> records = new ArrayList<>();
        if (body.isArray()) {
            body.forEach(records::add);
        } else {
            records.add(body);
        }
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                values.get(0)));
        Refusal refusal = behaviour.refuse(records, headers);
        if (refusal == null) {
            synchronized (received) {
                records.forEach(record -> received.add(new Received(record, headers)));
            }
            reply(exchange, 204, "");
            return;
        }
        if (refusal.hangMillis() > 0) {
            try {
                Thread.sleep(refusal.hangMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        refusal.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        reply(exchange, refusal.status(), refusal.body());
    }

    /** Every accepted record, in the order accepted. */
    List<Received> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    /** The versions each product received, in the order received. */
    Map<Long, List<Long>> versionsByProduct() {
        Map<Long, List<Long>> versions = new LinkedHashMap<>();
        for (Received record : received()) {
            versions.computeIfAbsent(record.productId(), p -> new ArrayList<>()).add(record.version());
        }
        return versions;
    }

    /** Requests answered or refused so far, including those still hanging. */
    int requests() {
        return requests.get();
    }
}
