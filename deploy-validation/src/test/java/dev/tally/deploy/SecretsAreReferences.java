package dev.tally.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Secrets reach the services and connectors only by reference: no Secret object among the manifests, environment
 * variables with secret-like names only from a Secret ({@code valueFrom.secretKeyRef}), no credentials in URLs, and
 * secret-like connector and Connect settings only as config provider placeholders ({@code ${secrets:...}}).
 */
final class SecretsAreReferences implements DeploymentCheck {

    private static final Pattern SECRET_ENV = Pattern.compile(".*(PASSWORD|PASSWD|SECRET|TOKEN|JAAS|CREDENTIAL|PRIVATE|API_KEY).*");
    private static final Pattern SECRET_KEY = Pattern.compile("(?i).*(password|passwd|secret|token|jaas|credential|private|api\\.key|keystore\\.key).*");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{[a-z]+:[^}]+}");
    private static final Pattern URL_WITH_PASSWORD = Pattern.compile("[a-z][a-z0-9+.-]*://[^/@\\s:]+:[^/@\\s]+@.*");

    @Override
    public List<Problem> check(DeploymentFiles files) {
        List<Problem> problems = new ArrayList<>();
        for (Manifest manifest : files.all()) {
            if (manifest.is("Secret")) {
                problems.add(new Problem(manifest.where(), "a Secret in the manifests puts its values in Git: create it in"
                        + " the cluster (kubectl create secret) or through a secrets operator, and reference it"));
            }
        }
        for (PodTemplates.Container container : PodTemplates.containers(files.rendered())) {
            for (JsonNode variable : container.container().path("env")) {
                String name = variable.path("name").asText();
                String where = container.where() + ", env " + name;
                if (SECRET_ENV.matcher(name).matches() && variable.at("/valueFrom/secretKeyRef/name").asText().isEmpty()) {
                    problems.add(new Problem(where, "looks secret but does not come from a Secret: use valueFrom.secretKeyRef"));
                }
                if (URL_WITH_PASSWORD.matcher(variable.path("value").asText()).matches()) {
                    problems.add(new Problem(where, "a URL with a password in it: take user and password from a Secret"));
                }
            }
        }
        for (Manifest manifest : files.strimzi()) {
            if (manifest.is("KafkaConnector") || manifest.is("KafkaConnect")) {
                for (Map.Entry<String, JsonNode> entry : manifest.at("/spec/config").properties()) {
                    String value = entry.getValue().asText();
                    // config.providers.secrets.* configures the provider itself, it holds no secret.
                    boolean secretLike = SECRET_KEY.matcher(entry.getKey()).matches() && !entry.getKey().startsWith("config.providers.");
                    if (secretLike && !PLACEHOLDER.matcher(value).matches()) {
                        problems.add(new Problem(manifest.where() + ", spec.config." + entry.getKey(), "looks secret but is"
                                + " written in the file: use a config provider placeholder such as ${secrets:<namespace>/<secret>:<key>}"));
                    }
                }
            }
        }
        return problems;
    }
}
