package dev.tally.localstack.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigPlaceholdersTest {

    private final ConfigPlaceholders placeholders = new ConfigPlaceholders(
            Map.of("tally/source-db", Map.of("host", "127.0.0.1", "port", "5432", "password", "s3cr$t\\")),
            Map.of("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092"));

    @Test
    void fillsAKnownSecret() {
        assertThat(placeholders.fill("${secrets:tally/source-db:port}", "f.yaml, spec.config.database.port")).isEqualTo("5432");
    }

    @Test
    void fillsSecretsInsideLongerValuesAndKeepsSpecialCharacters() {
        assertThat(placeholders.fill("${secrets:tally/source-db:host}:${secrets:tally/source-db:port}/${secrets:tally/source-db:password}", "x"))
                .isEqualTo("127.0.0.1:5432/s3cr$t\\");
    }

    @Test
    void fillsAnEnvValue() {
        assertThat(placeholders.fill("${env:KAFKA_BOOTSTRAP_SERVERS}", "x")).isEqualTo("127.0.0.1:9092");
    }

    @Test
    void leavesPlaceholdersWithoutProviderUntouched() {
        assertThat(placeholders.fill("tally.${routedByValue}.aggregates", "x")).isEqualTo("tally.${routedByValue}.aggregates");
    }

    @Test
    void anUnknownSecretNamesFileKeyAndPlaceholder() {
        assertThatThrownBy(() -> placeholders.fill("${secrets:tally/other-db:host}", "strimzi/connectors/a.yaml, spec.config.database.hostname"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("${secrets:tally/other-db:host}")
                .hasMessageContaining("strimzi/connectors/a.yaml, spec.config.database.hostname")
                .hasMessageContaining("known secrets: [tally/source-db]");
    }

    @Test
    void anUnknownSecretKeyIsNamed() {
        assertThatThrownBy(() -> placeholders.fill("${secrets:tally/source-db:user}", "a.yaml, spec.config.database.user"))
                .hasMessageContaining("${secrets:tally/source-db:user}")
                .hasMessageContaining("has no key 'user'")
                .hasMessageContaining("[host, password, port]");
    }

    @Test
    void anUnknownEnvValueIsNamed() {
        assertThatThrownBy(() -> placeholders.fill("${env:NOPE}", "a.yaml, spec.config.x"))
                .hasMessageContaining("${env:NOPE}")
                .hasMessageContaining("a.yaml, spec.config.x");
    }

    @Test
    void anUnknownProviderIsNamed() {
        assertThatThrownBy(() -> placeholders.fill("${file:/etc/creds.properties:password}", "a.yaml, spec.config.database.password"))
                .hasMessageContaining("${file:/etc/creds.properties:password}")
                .hasMessageContaining("config provider 'file'");
    }
}
