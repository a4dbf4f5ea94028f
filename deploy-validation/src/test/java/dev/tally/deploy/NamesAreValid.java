package dev.tally.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Names the API server accepts (DNS-1123 subdomains; DNS-1035 labels for Services), and Strimzi resources that
 * name an existing cluster in their {@code strimzi.io/cluster} label.
 */
final class NamesAreValid implements DeploymentCheck {

    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern LABEL_1035 = Pattern.compile("[a-z]([-a-z0-9]*[a-z0-9])?");
    private static final Set<String> OF_KAFKA = Set.of("KafkaNodePool", "KafkaTopic", "KafkaUser");

    @Override
    public List<Problem> check(DeploymentFiles files) {
        List<Problem> problems = new ArrayList<>();
        for (Manifest manifest : files.all()) {
            String name = manifest.name();
            if (name.isEmpty()) {
                problems.add(new Problem(manifest.where(), "metadata.name is missing"));
            } else if (manifest.is("Service") && (!LABEL_1035.matcher(name).matches() || name.length() > 63)) {
                problems.add(new Problem(manifest.where(), "a Service name must be a DNS-1035 label (a-z, 0-9, '-',"
                        + " starting with a letter, at most 63 characters)"));
            } else if (!SUBDOMAIN.matcher(name).matches() || name.length() > 253) {
                problems.add(new Problem(manifest.where(), "metadata.name '" + name + "' is not a DNS-1123 subdomain (a-z,"
                        + " 0-9, '-', '.'); for a KafkaTopic whose topic has other characters, set spec.topicName to it"));
            }
        }
        List<String> kafkas = files.strimzi("Kafka").stream().map(Manifest::name).toList();
        List<String> connects = files.strimzi("KafkaConnect").stream().map(Manifest::name).toList();
        for (Manifest manifest : files.strimzi()) {
            String cluster = manifest.at("/metadata/labels/strimzi.io~1cluster").asText();
            if (OF_KAFKA.contains(manifest.kind()) && !kafkas.contains(cluster)) {
                problems.add(new Problem(manifest.where(), "label strimzi.io/cluster is '" + cluster + "', but the Kafka"
                        + " clusters are " + kafkas + ": the operator would ignore it"));
            }
            if (manifest.is("KafkaConnector") && !connects.contains(cluster)) {
                problems.add(new Problem(manifest.where(), "label strimzi.io/cluster is '" + cluster + "', but the"
                        + " KafkaConnect clusters are " + connects + ": the connector would never run"));
            }
        }
        return problems;
    }
}
