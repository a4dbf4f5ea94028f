package dev.tally.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Polls a consumer group on a thread of its own, hands each batch to a {@link BatchHandler},
 * and moves the batch's offsets (as the handler says: {@link BatchHandler#commit}) only once the
 * handler's effects are durable. A failed batch is rewound and retried with growing pauses: nothing
 * is skipped and nothing is committed early. Partitions the group assigns start where the handler's
 * stored positions say, when it keeps its own.
 */
public final class BatchConsumerLoop implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BatchConsumerLoop.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final String name;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Collection<String> topics;
    private final BatchHandler handler;
    private final Thread thread;
    private final Counter records;
    private final Counter failures;
    private final Timer batches;
    private volatile boolean running = true;
    private volatile Instant lastPoll;
    private volatile int consecutiveFailures;

    public BatchConsumerLoop(String name, Map<String, Object> consumerProperties, Collection<String> topics,
                             BatchHandler handler, MeterRegistry registry) {
        this.name = name;
        this.consumer = new KafkaConsumer<>(consumerProperties);
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.records = registry.counter("tally.loop.records", "loop", name);
        this.failures = registry.counter("tally.loop.failures", "loop", name);
        this.batches = registry.timer("tally.loop.batch", "loop", name);
        this.thread = new Thread(this::run, "tally-" + name);
        this.thread.setDaemon(true);
    }

    public String name() {
        return name;
    }

    public void start() {
        thread.start();
    }

    /** Alive while its thread runs. */
    public boolean isAlive() {
        return thread.isAlive();
    }

    /** When it last returned from a poll; null before the first. */
    public Instant lastPoll() {
        return lastPoll;
    }

    public int consecutiveFailures() {
        return consecutiveFailures;
    }

    private void run() {
        try {
            consumer.subscribe(topics, new SeekToStoredPositions());
            while (running) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(POLL);
                lastPoll = Instant.now();
                if (!batch.isEmpty()) {
                    process(batch);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s stopped: %s", name, e.getMessage());
        } finally {
            consumer.close(Duration.ofSeconds(5));
            handler.close();
        }
    }

    private void process(ConsumerRecords<byte[], byte[]> batch) {
        try {
            Timer.Sample sample = Timer.start();
            Uni<Void> effects = handler.handle(batch);
            awaitInGroup(effects);
            handler.commit(nextOffsets(batch), consumer);
            sample.stop(batches);
            records.increment(batch.count());
            consecutiveFailures = 0;
        } catch (WakeupException e) {
            throw e;
        } catch (Throwable e) {
            if (!running) {
                return;
            }
            failures.increment();
            consecutiveFailures++;
            Duration pause = backoff(consecutiveFailures);
            LOG.errorf(e, "%s: a batch of %d records failed (%d in a row); retrying it in %d ms: %s", name,
                    batch.count(), consecutiveFailures, pause.toMillis(), e.getMessage());
            abandon();
            rewind(batch);
            sleep(pause);
        }
    }

    /**
     * Waits for a batch's effects while staying in the consumer group: a batch may take longer than
     * {@code max.poll.interval.ms} (an HTTP sink retrying a slow endpoint), and a consumer that does not poll for that
     * long is dropped from the group and cannot commit. So it polls with every partition paused, which fetches
     * nothing; records of partitions a rebalance assigns meanwhile are given back by seeking to them again.
     */
    private void awaitInGroup(Uni<Void> effects) throws Throwable {
        CompletableFuture<Void> done = new CompletableFuture<>();
        VertxContextSupport.subscribe(effects::toMulti, subscribe -> subscribe.with(item -> { },
                done::completeExceptionally, () -> done.complete(null)));
        boolean paused = false;
        try {
            while (true) {
                try {
                    done.get(POLL.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                } catch (TimeoutException stillRunning) {
                    consumer.pause(consumer.assignment());
                    paused = true;
                    giveBack(consumer.poll(Duration.ZERO));
                    lastPoll = Instant.now();
                } catch (ExecutionException e) {
                    throw e.getCause();
                }
            }
        } finally {
            if (paused) {
                consumer.resume(consumer.paused());
            }
        }
    }

    private void abandon() {
        try {
            handler.abandon();
        } catch (RuntimeException e) {
            LOG.warnf(e, "%s: undoing a failed batch failed: %s", name, e.getMessage());
        }
    }

    /** Partitions the group assigns start where the handler's stored positions say, when it keeps them. */
    private final class SeekToStoredPositions implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (assigned.isEmpty()) {
                return;
            }
            Map<TopicPartition, Long> positions;
            try {
                positions = VertxContextSupport.subscribeAndAwait(() -> handler.storedPositions(assigned));
            } catch (Throwable e) {
                // Reading from the group's offsets instead is safe: the handler drops what it applied already.
                LOG.warnf(e, "%s: cannot read the stored positions of %s; reading from the group's offsets: %s",
                        name, assigned, e.getMessage());
                return;
            }
            positions.forEach(consumer::seek);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
        }
    }

    private void giveBack(ConsumerRecords<byte[], byte[]> unexpected) {
        for (TopicPartition partition : unexpected.partitions()) {
            consumer.seek(partition, unexpected.records(partition).get(0).offset());
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<byte[], byte[]> batch) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : batch.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = batch.records(partition);
            offsets.put(partition, new OffsetAndMetadata(records.get(records.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private void rewind(ConsumerRecords<byte[], byte[]> batch) {
        for (TopicPartition partition : batch.partitions()) {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, batch.records(partition).get(0).offset());
            }
        }
    }

    static Duration backoff(int failures) {
        long millis = Math.min(MAX_BACKOFF.toMillis(), 100L << Math.min(failures - 1, 20));
        return Duration.ofMillis(millis);
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
