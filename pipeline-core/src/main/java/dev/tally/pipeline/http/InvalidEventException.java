package dev.tally.pipeline.http;

/** A posted body or element that cannot become a row change; the message says what is wrong and where. */
public final class InvalidEventException extends Exception {

    public InvalidEventException(String reason) {
        // Reported to the client by its reason: a stack trace would only cost time.
        super(reason, null, false, false);
    }
}
