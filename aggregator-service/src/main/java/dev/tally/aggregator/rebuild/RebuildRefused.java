package dev.tally.aggregator.rebuild;

/** A rebuild that cannot start, with the reason for the caller; nothing was changed. */
public final class RebuildRefused extends RuntimeException {

    private final int status;

    RebuildRefused(int status, String reason) {
        super(reason);
        this.status = status;
    }

    /** The HTTP status that says why: 409 for a conflict with the pipeline's state, 422 for what it cannot do. */
    public int status() {
        return status;
    }
}
