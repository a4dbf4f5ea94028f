package dev.tally.aggregator;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The example pipelines, with the stack's {@code source} database as the signal database of {@code orders-source}. */
public class SignalledSources implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tally.signal.orders-source.url", "${tally.local-stack.postgres-url}/source");
    }
}
