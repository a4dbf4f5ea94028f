package dev.tally.aggregator;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** The offsets a consumer group has committed: how far a stage has processed a topic. */
final class ConsumerGroupProgress {

    private ConsumerGroupProgress() {
    }

    /** Whether {@code group} has committed past {@code offset} of the partition: it processed that record. */
    static boolean passed(String bootstrapServers, String group, String topic, int partition, long offset) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            OffsetAndMetadata next = committed.get(new TopicPartition(topic, partition));
            return next != null && next.offset() > offset;
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the offsets of group " + group + ": " + e.getMessage(), e);
        }
    }
}
