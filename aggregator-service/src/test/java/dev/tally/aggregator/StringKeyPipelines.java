package dev.tally.aggregator;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The example pipelines plus {@code src/test/resources/string-key-pipelines}: a pipeline keyed by a string. */
public class StringKeyPipelines implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tally.pipelines", "../examples/orders,src/test/resources/string-key-pipelines");
    }
}
