package dev.tally.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every topic a service or Kafka Connect uses for the deployed pipelines has a KafkaTopic, and the KafkaUser the
 * component authenticates as has the ACLs for it: Read on what it consumes and on its consumer groups, Write on
 * what it produces. Services must leave topic creation to Strimzi (TALLY_TOPICS_CREATE=false).
 */
final class TopicAccessIsDeclared implements DeploymentCheck {

    @Override
    public List<Problem> check(DeploymentFiles files) {
        List<Problem> problems = new ArrayList<>();
        Map<String, KafkaAccess> access;
        try {
            access = DeployedPipelines.kafkaAccess(files);
        } catch (IllegalArgumentException e) {
            return List.of(new Problem("k8s/overlays/" + files.overlay(), e.getMessage()));
        }
        Set<String> topics = new HashSet<>();
        for (Manifest topic : files.strimzi("KafkaTopic")) {
            String topicName = topic.at("/spec/topicName").asText();
            topics.add(topicName.isEmpty() ? topic.name() : topicName);
        }
        for (String service : List.of(KafkaAccess.INGEST, KafkaAccess.AGGREGATOR, KafkaAccess.PUBLISHER)) {
            Optional<Manifest> deployment = files.rendered("Deployment").stream().filter(d -> d.name().equals(service)).findFirst();
            if (deployment.isEmpty()) {
                problems.add(new Problem("k8s/overlays/" + files.overlay(), "no Deployment " + service));
                continue;
            }
            Optional<String> user = serviceUser(deployment.get(), problems);
            user.ifPresent(name -> checkAccess(deployment.get().where(), name, access.get(service), files, topics, problems));
        }
        for (Manifest connect : files.strimzi("KafkaConnect")) {
            String user = connect.at("/spec/authentication/certificateAndKey/secretName").asText();
            if (user.isEmpty()) {
                problems.add(new Problem(connect.where(), "spec.authentication names no KafkaUser certificate: Connect could"
                        + " not authenticate"));
                continue;
            }
            checkAccess(connect.where(), user, access.get("connect"), files, topics, problems);
        }
        return problems;
    }

    /** The KafkaUser whose Secret holds the service's SASL login, from the Deployment's KAFKA_SASL_JAAS_CONFIG. */
    private static Optional<String> serviceUser(Manifest deployment, List<Problem> problems) {
        for (PodTemplates.Container container : PodTemplates.containers(List.of(deployment))) {
            if (!container.path().contains(".containers[0]")) {
                continue;
            }
            JsonNode create = container.env("TALLY_TOPICS_CREATE");
            if (create == null || !create.path("value").asText().equals("false")) {
                problems.add(new Problem(container.where(), "TALLY_TOPICS_CREATE must be \"false\": KafkaTopic resources own"
                        + " the topics, and the service's KafkaUser may not create any"));
            }
            JsonNode jaas = container.env("KAFKA_SASL_JAAS_CONFIG");
            String secret = jaas == null ? "" : jaas.at("/valueFrom/secretKeyRef/name").asText();
            if (secret.isEmpty()) {
                problems.add(new Problem(container.where(), "KAFKA_SASL_JAAS_CONFIG does not come from the Secret of a"
                        + " KafkaUser (valueFrom.secretKeyRef, key sasl.jaas.config): the service could not log in"));
                return Optional.empty();
            }
            return Optional.of(secret);
        }
        return Optional.empty();
    }

    private static void checkAccess(String where, String userName, KafkaAccess needed, DeploymentFiles files,
                                    Set<String> topics, List<Problem> problems) {
        Optional<Manifest> user = files.strimzi("KafkaUser").stream().filter(u -> u.name().equals(userName)).findFirst();
        if (user.isEmpty()) {
            problems.add(new Problem(where, "authenticates as KafkaUser " + userName + ", which strimzi/ does not define"));
            return;
        }
        for (String topic : needed.reads()) {
            requireTopic(where, topic, topics, problems);
            requireAcl(user.get(), "topic", topic, "Read", problems);
        }
        for (String topic : needed.writes()) {
            requireTopic(where, topic, topics, problems);
            requireAcl(user.get(), "topic", topic, "Write", problems);
        }
        for (String group : needed.groups()) {
            requireAcl(user.get(), "group", group, "Read", problems);
        }
        for (String transactionalId : needed.transactionalIds()) {
            requireAcl(user.get(), "transactionalId", transactionalId, "Write", problems);
            requireAcl(user.get(), "transactionalId", transactionalId, "Describe", problems);
        }
    }

    private static void requireTopic(String where, String topic, Set<String> topics, List<Problem> problems) {
        if (!topics.contains(topic)) {
            problems.add(new Problem(where, "uses topic " + topic + ", which has no KafkaTopic in strimzi/topics/ (the"
                    + " brokers do not create topics)"));
        }
    }

    private static void requireAcl(Manifest user, String type, String name, String operation, List<Problem> problems) {
        for (JsonNode acl : user.at("/spec/authorization/acls")) {
            JsonNode resource = acl.path("resource");
            boolean allows = acl.path("type").asText("allow").equals("allow");
            boolean typeMatches = resource.path("type").asText().equals(type);
            String pattern = resource.path("name").asText();
            boolean nameMatches = resource.path("patternType").asText("literal").equals("prefix")
                    ? name.startsWith(pattern) : pattern.equals(name) || pattern.equals("*");
            boolean operationMatches = false;
            for (JsonNode op : acl.path("operations")) {
                operationMatches |= op.asText().equals(operation) || op.asText().equals("All");
            }
            if (allows && typeMatches && nameMatches && operationMatches) {
                return;
            }
        }
        problems.add(new Problem(user.where(), "no ACL allows " + operation + " on " + type + " " + name
                + ": add it to spec.authorization.acls"));
    }
}
