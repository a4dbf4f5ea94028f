package dev.tally.publisher.http;

/**
 * An OAuth 2.0 token could not be had. Retryable when the token endpoint was unavailable (timeout, connection error,
 * 408, 429, 5xx); not when it refused the credentials or answered something that is not a token, which retrying cannot
 * change.
 */
final class TokenFailure extends RuntimeException {

    private final boolean retryable;

    TokenFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    boolean retryable() {
        return retryable;
    }
}
