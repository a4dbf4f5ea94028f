package dev.tally.pipeline.event;

/** A source change that cannot become canonical events; the reason goes to the dead-letter topic. */
public final class MappingException extends Exception {

    public MappingException(String message) {
        super(message);
    }
}
