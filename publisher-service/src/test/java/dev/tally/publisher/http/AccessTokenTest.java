package dev.tally.publisher.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessTokenTest {

    private static final Instant FETCHED = Instant.parse("2025-06-01T10:00:00Z");

    @Test
    void isReplacedATenthOfItsLifetimeBeforeItExpiresButAtMostThirtySeconds() {
        assertThat(AccessToken.of("t", FETCHED, Duration.ofSeconds(100)).refreshAt()).isEqualTo(FETCHED.plusSeconds(90));
        assertThat(AccessToken.of("t", FETCHED, Duration.ofHours(1)).refreshAt()).isEqualTo(FETCHED.plusSeconds(3570));
        AccessToken shortLived = AccessToken.of("t", FETCHED, Duration.ofSeconds(2));
        assertThat(shortLived.usableAt(FETCHED.plusMillis(1799))).isTrue();
        assertThat(shortLived.usableAt(FETCHED.plusMillis(1800))).isFalse();
    }

    @Test
    void withoutAnExpiryItIsKeptUntilRejected() {
        assertThat(AccessToken.of("t", FETCHED, null).usableAt(FETCHED.plus(Duration.ofDays(3650)))).isTrue();
    }
}
