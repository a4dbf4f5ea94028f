package dev.tally.publisher.http;

import io.smallrye.mutiny.Uni;
import java.util.Optional;

/** How an HTTP sink authenticates a request: the header to send, and what a 401 means. */
interface RequestAuth {

    /** A header to send; {@code value} may be a secret, so it never goes into messages. */
    record AuthHeader(String name, String value) {
    }

    /**
     * The header for the next request, if any. May fetch a token: fails with a {@link TokenFailure} when it cannot.
     */
    Uni<Optional<AuthHeader>> header();

    /**
     * Told that the endpoint answered 401 to a request sent with {@code sent}; true when a new header may be accepted
     * (an OAuth 2.0 token was dropped and the next {@link #header()} fetches a fresh one).
     */
    boolean rejected(Optional<AuthHeader> sent);
}
