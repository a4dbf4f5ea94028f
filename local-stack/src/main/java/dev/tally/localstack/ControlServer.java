package dev.tally.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP endpoint through which {@link LocalStackProcess} drives the stack that runs in LocalStackMain's JVM:
 * {@code POST /connectors/<resource name>}, {@code POST /connect/kill} and {@code POST /connect/restart}. Requests
 * run one at a time; a failure answers 500 with the error message as the body.
 */
final class ControlServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "local-stack-control");
        thread.setDaemon(true);
        return thread;
    });

    private ControlServer(RunningStack stack) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/connectors/", exchange -> answer(exchange, () ->
                stack.registerConnector(exchange.getRequestURI().getPath().substring("/connectors/".length()))));
        server.createContext("/connect/kill", exchange -> answer(exchange, () -> {
            stack.killConnect();
            return "killed";
        }));
        server.createContext("/connect/restart", exchange -> answer(exchange, () -> {
            stack.restartConnect();
            return String.valueOf(stack.connectPid());
        }));
    }

    static ControlServer start(RunningStack stack) {
        try {
            ControlServer control = new ControlServer(stack);
            control.server.start();
            return control;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the local-stack control endpoint on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private interface Action {
        String run();
    }

    private static void answer(HttpExchange exchange, Action action) throws IOException {
        int status;
        String body;
        if (!"POST".equals(exchange.getRequestMethod())) {
            status = 405;
            body = "Use POST";
        } else {
            try {
                body = action.run();
                status = 200;
            } catch (RuntimeException e) {
                body = e.getMessage();
                status = 500;
            }
        }
        byte[] bytes = String.valueOf(body).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
