package dev.tally.localstack.connect;

import dev.tally.localstack.StackEndpoints;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the config-provider placeholders of connector configs with local values: Strimzi's
 * {@code ${secrets:<namespace>/<secret>:<key>}} and {@code ${env:<VAR>}}. Placeholders without a provider prefix,
 * such as the outbox EventRouter's {@code ${routedByValue}}, are left as they are.
 */
public final class ConfigPlaceholders {

    /** The Kubernetes namespace of Tally's secrets in the Strimzi resources. */
    public static final String SECRET_NAMESPACE = "tally";

    private static final Pattern PROVIDER_PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_.-]*):([^}]*)}");

    /** Secrets by {@code <namespace>/<secret>}, each a map of key to value. */
    private final Map<String, Map<String, String>> secrets;
    private final Map<String, String> env;

    public ConfigPlaceholders(Map<String, Map<String, String>> secrets, Map<String, String> env) {
        this.secrets = new TreeMap<>(secrets);
        this.env = new TreeMap<>(env);
    }

    /**
     * The local values of a running stack: secrets {@code tally/<database>-db} (keys host, port, username, password,
     * database) for each of its databases, and env {@code KAFKA_BOOTSTRAP_SERVERS} and {@code CONNECT_URL}.
     */
    public static ConfigPlaceholders forStack(StackEndpoints endpoints) {
        Map<String, Map<String, String>> secrets = new TreeMap<>();
        for (String database : StackEndpoints.DATABASES) {
            secrets.put(SECRET_NAMESPACE + "/" + database + "-db", Map.of(
                    "host", "127.0.0.1",
                    "port", String.valueOf(endpoints.postgresPort()),
                    "username", StackEndpoints.USER,
                    "password", StackEndpoints.PASSWORD,
                    "database", database));
        }
        Map<String, String> env = Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", endpoints.kafkaBootstrapServers(),
                "CONNECT_URL", endpoints.connectUrl());
        return new ConfigPlaceholders(secrets, env);
    }

    /**
     * Returns {@code value} with every provider placeholder replaced.
     *
     * @param where names the file and config key for error messages
     * @throws IllegalArgumentException naming {@code where} and the placeholder if one cannot be filled
     */
    public String fill(String value, String where) {
        Matcher matcher = PROVIDER_PLACEHOLDER.matcher(value);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String replacement = switch (matcher.group(1)) {
                case "secrets" -> secret(matcher.group(), matcher.group(2), where);
                case "env" -> envVariable(matcher.group(), matcher.group(2), where);
                default -> throw unknown(matcher.group(), where, "config provider '" + matcher.group(1)
                        + "' is not available locally; use ${secrets:<namespace>/<secret>:<key>} or ${env:<VAR>}");
            };
            matcher.appendReplacement(filled, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(filled);
        return filled.toString();
    }

    private String secret(String placeholder, String reference, String where) {
        int keyStart = reference.lastIndexOf(':');
        if (keyStart < 0 || reference.indexOf('/') < 0) {
            throw unknown(placeholder, where, "a secret reference has the form <namespace>/<secret>:<key>");
        }
        String secretName = reference.substring(0, keyStart);
        String key = reference.substring(keyStart + 1);
        Map<String, String> secret = secrets.get(secretName);
        if (secret == null) {
            throw unknown(placeholder, where, "there is no local secret '" + secretName + "'; known secrets: " + secrets.keySet());
        }
        String value = secret.get(key);
        if (value == null) {
            throw unknown(placeholder, where, "secret '" + secretName + "' has no key '" + key + "'; its keys: "
                    + new TreeMap<>(secret).keySet());
        }
        return value;
    }

    private String envVariable(String placeholder, String variable, String where) {
        String value = env.get(variable);
        if (value == null) {
            throw unknown(placeholder, where, "there is no local value for '" + variable + "'; known: " + env.keySet());
        }
        return value;
    }

    private static IllegalArgumentException unknown(String placeholder, String where, String reason) {
        return new IllegalArgumentException("Unknown placeholder " + placeholder + " in " + where + ": " + reason);
    }
}
