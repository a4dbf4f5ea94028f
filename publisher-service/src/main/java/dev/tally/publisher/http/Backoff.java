package dev.tally.publisher.http;

import dev.tally.pipeline.model.HttpSinkDefinition.Retry;
import java.time.Duration;
import java.util.Optional;
import java.util.function.DoubleSupplier;

/**
 * The pause before a retry: {@code backoff} doubled per failed attempt, capped at {@code maxBackoff}, then a random
 * point between half and all of it (jitter, so that many senders do not retry in step). A {@code Retry-After} the
 * endpoint sent replaces it, capped at {@code maxBackoff} too.
 */
final class Backoff {

    private final Duration backoff;
    private final Duration maxBackoff;
    private final DoubleSupplier random;

    Backoff(Retry retry, DoubleSupplier random) {
        this.backoff = retry.backoff();
        this.maxBackoff = retry.maxBackoff();
        this.random = random;
    }

    /**
     * @param failedAttempts how many attempts have failed so far (1 before the first retry)
     * @param retryAfter     what the endpoint asked for, if anything
     */
    Duration pause(int failedAttempts, Optional<Duration> retryAfter) {
        if (retryAfter.isPresent()) {
            return retryAfter.get().compareTo(maxBackoff) > 0 ? maxBackoff : retryAfter.get();
        }
        long base = backoff.toMillis();
        long capped = Math.min(maxBackoff.toMillis(), failedAttempts > 31 || base << (failedAttempts - 1) < 0
                ? Long.MAX_VALUE : base << (failedAttempts - 1));
        long jittered = capped / 2 + Math.round(random.getAsDouble() * (capped - capped / 2));
        return Duration.ofMillis(jittered);
    }
}
