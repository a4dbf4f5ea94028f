package dev.tally.publisher.http;

import java.time.Duration;
import java.time.Instant;

/**
 * An OAuth 2.0 access token and when to stop using it.
 *
 * @param value     the token
 * @param refreshAt when it is to be replaced: before it expires, by a tenth of its lifetime but at most 30 s; never,
 *                  when the token endpoint did not say when it expires (then only a 401 replaces it)
 */
record AccessToken(String value, Instant refreshAt) {

    private static final Duration MAX_MARGIN = Duration.ofSeconds(30);

    static AccessToken of(String value, Instant fetchedAt, Duration expiresIn) {
        if (expiresIn == null) {
            return new AccessToken(value, Instant.MAX);
        }
        Duration margin = expiresIn.dividedBy(10);
        return new AccessToken(value, fetchedAt.plus(expiresIn).minus(margin.compareTo(MAX_MARGIN) > 0 ? MAX_MARGIN
                : margin));
    }

    boolean usableAt(Instant now) {
        return now.isBefore(refreshAt);
    }
}
