package dev.tally.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tally.cli.verify.SalesByProduct;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The endpoint {@code ORDERS_WEBHOOK_URL} points the orders example's HTTP sink at: a loopback server that accepts
 * batches of sales-per-product records and keeps, per product, every version received, in order, and the newest record.
 */
final class WebhookReceiver implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final Map<Long, List<Long>> versions = new TreeMap<>();
    private final Map<Long, JsonNode> newest = new TreeMap<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/hook", exchange -> {
            try (exchange) {
                JsonNode batch = JSON.readTree(exchange.getRequestBody());
                synchronized (this) {
                    for (JsonNode record : batch.isArray() ? batch : JSON.createArrayNode().add(batch)) {
                        long product = record.get("product_id").asLong();
                        versions.computeIfAbsent(product, p -> new ArrayList<>()).add(record.get("version").asLong());
                        JsonNode kept = newest.get(product);
                        if (kept == null || kept.get("version").asLong() < record.get("version").asLong()) {
                            newest.put(product, record);
                        }
                    }
                }
                exchange.sendResponseHeaders(204, -1);
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
    }

    /** The newest record of each product with lines, as a sink row; an emptied product has none. */
    synchronized Map<Long, SalesByProduct.Row> rows() {
        Map<Long, SalesByProduct.Row> rows = new TreeMap<>();
        newest.forEach((product, record) -> {
            if (record.get("lines").asLong() > 0) {
                rows.put(product, new SalesByProduct.Row(record.get("lines").asLong(), record.get("units").asLong(),
                        decimal(record.get("revenue")), decimal(record.get("min_price")),
                        decimal(record.get("max_price"))));
            }
        });
        return rows;
    }

    /** Products that received a version older than one they had received before. */
    synchronized List<String> regressions() {
        List<String> regressions = new ArrayList<>();
        versions.forEach((product, received) -> {
            for (int i = 1; i < received.size(); i++) {
                if (received.get(i) < received.get(i - 1)) {
                    regressions.add("product " + product + " received version " + received.get(i) + " after "
                            + received.get(i - 1));
                }
            }
        });
        return regressions;
    }

    private static BigDecimal decimal(JsonNode node) {
        return node == null || node.isNull() ? null : new BigDecimal(node.asText());
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
