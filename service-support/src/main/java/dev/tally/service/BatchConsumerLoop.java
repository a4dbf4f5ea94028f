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
 * handler's effects are durable: after each batch, or for the batches of one
 * {@link BatchHandler#commitInterval() commit interval} together. A failure rewinds everything not committed and
 * retries it with growing pauses: nothing is skipped and nothing is committed early. Partitions the group assigns
 * start where the handler's stored positions say, when it keeps its own.
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
    private final Duration commitInterval;
    /** Batches handled but not committed yet: each partition's first offset among them, and its next offset. */
    private final Map<TopicPartition, Long> uncommittedFrom = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> uncommittedNext = new HashMap<>();
    private long uncommittedRecords;
    private long uncommittedSince;
    private volatile boolean running = true;
    private volatile Instant lastPoll;
    private volatile int consecutiveFailures;
    private volatile String lastFailure;

    public BatchConsumerLoop(String name, Map<String, Object> consumerProperties, Collection<String> topics,
                             BatchHandler handler, MeterRegistry registry) {
        this.name = name;
        this.consumer = new KafkaConsumer<>(consumerProperties);
        this.topics = List.copyOf(topics);
        this.handler = handler;
        this.commitInterval = handler.commitInterval();
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

    /** Why the last try failed, while the loop is failing; null once a batch passes. */
    public String lastFailure() {
        return consecutiveFailures == 0 ? null : lastFailure;
    }

    private void run() {
        try {
            consumer.subscribe(topics, new SeekToStoredPositions());
            while (running) {
                ConsumerRecords<byte[], byte[]> batch = consumer.poll(pollTimeout());
                lastPoll = Instant.now();
                if (!batch.isEmpty()) {
                    process(batch);
                }
                if (!uncommittedNext.isEmpty() && (batch.isEmpty() || commitDue())) {
                    commitUncommitted();
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
            sample.stop(batches);
            remember(batch);
        } catch (WakeupException e) {
            throw e;
        } catch (Throwable e) {
            remember(batch);
            failed(e);
            return;
        }
        if (commitDue()) {
            commitUncommitted();
        }
    }

    /** Commits the batches handled since the last commit, or on failure rewinds them for another try. */
    private void commitUncommitted() {
        try {
            handler.commit(Map.copyOf(uncommittedNext), consumer);
            records.increment(uncommittedRecords);
            consecutiveFailures = 0;
            forgetUncommitted();
        } catch (WakeupException e) {
            throw e;
        } catch (Throwable e) {
            failed(e);
        }
    }

    private void failed(Throwable e) {
        if (!running) {
            return;
        }
        failures.increment();
        lastFailure = String.valueOf(e.getMessage());
        consecutiveFailures++;
        Duration pause = backoff(consecutiveFailures);
        LOG.errorf(e, "%s: %d records since the last commit failed (%d in a row); retrying them in %d ms: %s", name,
                uncommittedRecords, consecutiveFailures, pause.toMillis(), e.getMessage());
        abandon();
        rewindUncommitted();
        sleep(pause);
    }

    private void remember(ConsumerRecords<byte[], byte[]> batch) {
        if (uncommittedNext.isEmpty()) {
            uncommittedSince = System.nanoTime();
        }
        for (TopicPartition partition : batch.partitions()) {
            List<ConsumerRecord<byte[], byte[]>> records = batch.records(partition);
            uncommittedFrom.putIfAbsent(partition, records.getFirst().offset());
            uncommittedNext.put(partition, new OffsetAndMetadata(records.getLast().offset() + 1));
        }
        uncommittedRecords += batch.count();
    }

    private boolean commitDue() {
        return !uncommittedNext.isEmpty() && System.nanoTime() - uncommittedSince >= commitInterval.toNanos();
    }

    /** Polls no longer than until the uncommitted batches are due. */
    private Duration pollTimeout() {
        if (uncommittedNext.isEmpty()) {
            return POLL;
        }
        long left = commitInterval.toNanos() - (System.nanoTime() - uncommittedSince);
        return Duration.ofNanos(Math.max(0, Math.min(left, POLL.toNanos())));
    }

    private void rewindUncommitted() {
        uncommittedFrom.forEach((partition, offset) -> {
            if (consumer.assignment().contains(partition)) {
                consumer.seek(partition, offset);
            }
        });
        forgetUncommitted();
    }

    private void forgetUncommitted() {
        uncommittedFrom.clear();
        uncommittedNext.clear();
        uncommittedRecords = 0;
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

        /** What was handled of the partitions given up is committed first, while this instance still owns them. */
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            if (!uncommittedNext.isEmpty()) {
                commitUncommitted();
            }
        }
    }

    private void giveBack(ConsumerRecords<byte[], byte[]> unexpected) {
        for (TopicPartition partition : unexpected.partitions()) {
            consumer.seek(partition, unexpected.records(partition).get(0).offset());
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
