package dev.tally.publisher.http;

import dev.tally.publisher.http.RequestAuth.AuthHeader;
import java.time.Duration;
import java.util.Optional;

/** What one attempt at a request came to, and so what happens next. */
sealed interface AttemptResult {

    /** The endpoint answered 2xx. */
    record Success() implements AttemptResult {
    }

    /** The endpoint answered 401 to a request sent with {@code sent}. */
    record Unauthorized(String problem, Optional<AuthHeader> sent) implements AttemptResult {
    }

    /** A failure that may pass: timeout, connection error, 408, 429, 5xx, an unavailable token endpoint. */
    record Retryable(String problem, Optional<Duration> retryAfter) implements AttemptResult {
    }

    /** A failure that retrying cannot change: another 4xx, refused credentials. */
    record Final(String problem) implements AttemptResult {
    }
}
