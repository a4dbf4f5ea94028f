package dev.tally.aggregator;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** "Re-drive all" sends at most 10 entries per call. */
public class SmallRedrivePages implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tally.aggregator.dlq.max-redrive", "10");
    }
}
