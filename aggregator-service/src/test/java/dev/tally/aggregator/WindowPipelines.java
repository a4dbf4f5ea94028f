package dev.tally.aggregator;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The example pipelines plus the windowed test pipelines of {@code src/test/resources/window-pipelines}: hopping
 * windows, short grace and retention, both late policies. Each test class uses pipelines of its own, so the
 * event-time clocks of one test never make another's changes late.
 */
public class WindowPipelines implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("tally.pipelines", "../examples/orders,src/test/resources/window-pipelines");
    }
}
