package dev.tally.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies the cluster can keep: no topic (nor Kafka's own topics) with more replicas than there are brokers, and no
 * min.insync.replicas above a topic's replicas, where every write with acks=all (all of Tally's) would fail.
 */
final class ReplicationFitsTheCluster implements DeploymentCheck {

    private static final List<String> CLUSTER_FACTORS = List.of("default.replication.factor",
            "offsets.topic.replication.factor", "transaction.state.log.replication.factor");

    @Override
    public List<Problem> check(DeploymentFiles files) {
        List<Problem> problems = new ArrayList<>();
        for (Manifest kafka : files.strimzi("Kafka")) {
            int brokers = 0;
            for (Manifest pool : files.strimzi("KafkaNodePool")) {
                if (pool.at("/metadata/labels/strimzi.io~1cluster").asText().equals(kafka.name()) && hasRole(pool, "broker")) {
                    brokers += pool.at("/spec/replicas").asInt();
                }
            }
            JsonNode config = kafka.at("/spec/kafka/config");
            for (String factor : CLUSTER_FACTORS) {
                if (config.path(factor).asInt(0) > brokers) {
                    problems.add(new Problem(kafka.where(), factor + " is " + config.path(factor).asInt() + ", but the"
                            + " node pools have " + brokers + " brokers"));
                }
            }
            int clusterMinIsr = config.path("min.insync.replicas").asInt(1);
            for (Manifest topic : files.strimzi("KafkaTopic")) {
                if (!topic.at("/metadata/labels/strimzi.io~1cluster").asText().equals(kafka.name())) {
                    continue;
                }
                int replicas = topic.at("/spec/replicas").asInt(config.path("default.replication.factor").asInt(1));
                int minIsr = topic.at("/spec/config/min.insync.replicas").asInt(clusterMinIsr);
                if (replicas > brokers) {
                    problems.add(new Problem(topic.where(), replicas + " replicas, but the node pools of Kafka "
                            + kafka.name() + " have " + brokers + " brokers"));
                }
                if (minIsr > replicas) {
                    problems.add(new Problem(topic.where(), "min.insync.replicas " + minIsr + " is above its " + replicas
                            + " replicas: every write with acks=all would fail"));
                }
            }
        }
        return problems;
    }

    private static boolean hasRole(Manifest pool, String role) {
        for (JsonNode declared : pool.at("/spec/roles")) {
            if (declared.asText().equals(role)) {
                return true;
            }
        }
        return false;
    }
}
