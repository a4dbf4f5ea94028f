package dev.tally.pipeline.fuzz;

/** The checks a fuzz test makes of a refusal: the documented exception must say what was wrong. */
final class Refusals {

    private Refusals() {
    }

    /** Fails the input when a refusal carries no reason a reader could act on. */
    static void requireReason(Exception refusal) {
        if (refusal.getMessage() == null || refusal.getMessage().isBlank()) {
            throw new AssertionError(refusal.getClass().getSimpleName() + " without a reason", refusal);
        }
    }
}
