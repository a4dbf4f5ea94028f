package dev.tally.pipeline.cdc;

/**
 * A record that cannot be decoded into a row change; the message is the human-readable reason
 * that goes to the dead-letter queue with the record.
 */
public final class DecodingException extends Exception {

    public DecodingException(String reason) {
        // Thrown once per bad record and reported by its reason: a stack trace would only cost time.
        super(reason, null, false, false);
    }

    public DecodingException(String reason, Throwable cause) {
        super(reason, cause, false, false);
    }

    /** Why the record could not be decoded. */
    public String reason() {
        return getMessage();
    }
}
