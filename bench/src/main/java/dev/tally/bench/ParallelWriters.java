package dev.tally.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Writes a workload on several connections at once, each on its own part of the rows ({@link SourceWorkload#split}),
 * so that the end-to-end maximum measures the pipeline rather than what one connection can commit.
 */
final class ParallelWriters implements AutoCloseable {

    private final List<SourceWorkload> parts;
    private final List<Connection> connections = new ArrayList<>();
    private final ExecutorService threads;

    ParallelWriters(String jdbcUrl, SourceWorkload workload, int writers) throws Exception {
        this.parts = workload.split(writers);
        for (int i = 0; i < writers; i++) {
            connections.add(DriverManager.getConnection(jdbcUrl));
        }
        this.threads = Executors.newFixedThreadPool(writers, runnable -> {
            Thread thread = new Thread(runnable, "bench-writer");
            thread.setDaemon(true);
            return thread;
        });
    }

    int writers() {
        return parts.size();
    }

    /**
     * Writes {@code changes} in all, divided between the writers, and returns once all have committed.
     *
     * @param rate changes per second for all writers together; 0 for as fast as they can
     */
    void write(long changes, int perTransaction, double rate) throws Exception {
        List<Future<Long>> written = new ArrayList<>();
        int writers = parts.size();
        for (int i = 0; i < writers; i++) {
            SourceWorkload part = parts.get(i);
            Connection connection = connections.get(i);
            long share = changes / writers + (i < changes % writers ? 1 : 0);
            written.add(threads.submit(() -> part.write(connection, share, perTransaction, rate / writers)));
        }
        for (Future<Long> writer : written) {
            try {
                writer.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("a writer failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
    }

    @Override
    public void close() throws Exception {
        threads.shutdownNow();
        for (Connection connection : connections) {
            connection.close();
        }
    }
}
