package dev.tally.aggregator;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The state cache turned off: every batch restores the states it touches from the store. */
public class NoStateCache implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tally.aggregator.state-cache-size", "0");
    }
}
