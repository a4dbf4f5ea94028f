package dev.tally.pipeline.expr;

/** An expression that does not compile, or that failed on one input. */
public final class ExpressionException extends Exception {

    public ExpressionException(String message) {
        super(message);
    }
}
