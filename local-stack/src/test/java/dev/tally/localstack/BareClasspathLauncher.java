package dev.tally.localstack;

import dev.tally.localstack.testing.LocalStackTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Run by {@link LocalStackProcessIT} in a JVM whose classpath holds local-stack's classes and the Quarkus test API
 * only, as a Quarkus test would: starts a stack through {@link LocalStackTestResource}, checks that it answers, stops
 * it and prints what the test needs to check that nothing is left.
 */
public final class BareClasspathLauncher {

    LocalStackProcess stack;
    StackEndpoints endpoints;

    public static void main(String[] args) throws Exception {
        requireAbsent("org.apache.kafka.clients.admin.Admin");
        requireAbsent("com.fasterxml.jackson.databind.ObjectMapper");

        LocalStackTestResource resource = new LocalStackTestResource();
        resource.init(Map.of());
        Map<String, String> config = resource.start();
        BareClasspathLauncher test = new BareClasspathLauncher();
        resource.inject(new FieldInjector(test));
        try {
            config.forEach((key, value) -> System.out.println("CONFIG " + key + "=" + value));
            System.out.println("DIR=" + test.stack.dir());
            System.out.println("PIDS=" + test.endpoints.localStackPid() + "," + test.endpoints.postgresPid() + ","
                    + test.endpoints.kafkaPid() + "," + test.endpoints.connectPid());
            String[] kafka = config.get("kafka.bootstrap.servers").split(":");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(kafka[0], Integer.parseInt(kafka[1])), 2000);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", test.endpoints.postgresPort()), 2000);
            }
            HttpResponse<String> connectors = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(config.get("tally.local-stack.connect-url") + "/connectors")).build(),
                    HttpResponse.BodyHandlers.ofString());
            System.out.println("CONNECTORS=" + connectors.statusCode() + " " + connectors.body());
        } finally {
            resource.stop();
        }
        System.out.println("STOPPED");
    }

    private static void requireAbsent(String className) {
        try {
            Class.forName(className);
            throw new IllegalStateException(className + " is on the classpath; this launcher must run without local-stack's dependencies");
        } catch (ClassNotFoundException expected) {
            // As it should be.
        }
    }

    /** Quarkus's injection of test-resource values into test fields, for one object. */
    private record FieldInjector(Object target) implements QuarkusTestResourceLifecycleManager.TestInjector {
        @Override
        public void injectIntoFields(Object value, Predicate<Field> predicate) {
            for (Field field : target.getClass().getDeclaredFields()) {
                if (predicate.test(field)) {
                    try {
                        field.set(target, value);
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }
}
