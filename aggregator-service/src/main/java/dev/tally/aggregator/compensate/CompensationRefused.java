package dev.tally.aggregator.compensate;

/** A compensation that is not applied, with the HTTP status and the reason to answer; its transaction rolls back. */
public final class CompensationRefused extends RuntimeException {

    public static final int BAD_REQUEST = 400;
    public static final int NOT_FOUND = 404;
    public static final int CONFLICT = 409;
    /** The request is well formed, but the aggregate's state cannot take it (a count below zero, a sum out of range). */
    public static final int UNPROCESSABLE = 422;

    private final int status;

    public CompensationRefused(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
