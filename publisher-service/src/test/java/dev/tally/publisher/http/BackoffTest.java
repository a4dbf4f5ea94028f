package dev.tally.publisher.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tally.pipeline.model.HttpSinkDefinition.Retry;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Retry RETRY = new Retry(10, Duration.ofMillis(100), Duration.ofSeconds(1));

    @Test
    void doublesPerFailedAttemptUpToTheCapWithJitterBetweenHalfAndAll() {
        Backoff longest = new Backoff(RETRY, () -> 1.0);
        Backoff shortest = new Backoff(RETRY, () -> 0.0);

        assertThat(longest.pause(1, Optional.empty())).isEqualTo(Duration.ofMillis(100));
        assertThat(longest.pause(2, Optional.empty())).isEqualTo(Duration.ofMillis(200));
        assertThat(longest.pause(4, Optional.empty())).isEqualTo(Duration.ofMillis(800));
        assertThat(longest.pause(5, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
        assertThat(longest.pause(60, Optional.empty())).isEqualTo(Duration.ofSeconds(1));
        assertThat(shortest.pause(1, Optional.empty())).isEqualTo(Duration.ofMillis(50));
        assertThat(shortest.pause(3, Optional.empty())).isEqualTo(Duration.ofMillis(200));
        assertThat(shortest.pause(60, Optional.empty())).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void aRetryAfterReplacesThePauseUpToTheCap() {
        Backoff backoff = new Backoff(RETRY, () -> 0.5);

        assertThat(backoff.pause(1, Optional.of(Duration.ofMillis(700)))).isEqualTo(Duration.ofMillis(700));
        assertThat(backoff.pause(1, Optional.of(Duration.ZERO))).isEqualTo(Duration.ZERO);
        assertThat(backoff.pause(1, Optional.of(Duration.ofMinutes(5)))).isEqualTo(Duration.ofSeconds(1));
    }
}
