package dev.tally.aggregator.rebuild;

import java.util.List;

/**
 * A Debezium connector a rebuild asks for an incremental snapshot, and what the rebuild needs to know of it.
 *
 * @param name              the KafkaConnector resource
 * @param signalTable       its {@code signal.data.collection}, {@code schema.table}
 * @param notificationTopic its {@code notification.sink.topic.name}
 * @param tables            the tables the pipeline reads through it: the snapshot's data collections
 * @param rawTopics         the topics their changes arrive on
 * @param signalUrl         how to reach the source database to write the signal ({@code tally.signal.<name>.url})
 */
record SourceConnector(String name, String signalTable, String notificationTopic, List<String> tables,
                       List<String> rawTopics, String signalUrl) {
}
