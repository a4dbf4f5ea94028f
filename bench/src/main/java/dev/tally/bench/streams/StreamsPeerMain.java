package dev.tally.bench.streams;

import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;

/**
 * Runs one Kafka Streams peer until SIGTERM, tuned as its engineers advise for exact aggregates:
 * exactly_once_v2, commit every 100 ms, RocksDB, two stream threads. Arguments: {@code raw} or
 * {@code changes}, bootstrap servers, input topic, output topic, application id, state directory,
 * and for {@code changes} the pipeline file.
 */
public final class StreamsPeerMain {

    private StreamsPeerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        long started = ProcessHandle.current().info().startInstant().map(java.time.Instant::toEpochMilli)
                .orElse(System.currentTimeMillis());
        if (args.length < 6 || !(args[0].equals("raw") && args.length == 6 || args[0].equals("changes") && args.length == 7)) {
            System.err.println("usage: StreamsPeerMain raw|changes <bootstrap> <input topic> <output topic> "
                    + "<application id> <state dir> [<pipeline file>, for changes]");
            System.exit(2);
        }
        Topology topology = args[0].equals("raw") ? RawTopicTopology.build(args[2], args[3])
                : ChangesTopicTopology.build(TallyChangeDecoder.of(Path.of(args[6])), args[2], args[3]);
        KafkaStreams streams = new KafkaStreams(topology, config(args[1], args[4], args[5]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            streams.close();
            stopped.countDown();
        }));
        streams.setUncaughtExceptionHandler(e -> {
            e.printStackTrace();
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING) {
                System.out.printf("streams peer: RUNNING %d ms after start%n", System.currentTimeMillis() - started);
            }
        });
        streams.start();
        stopped.await();
    }

    static Properties config(String bootstrap, String applicationId, String stateDir) {
        Properties config = new Properties();
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        config.put(StreamsConfig.consumerPrefix("auto.offset.reset"), "earliest");
        return config;
    }
}
