package dev.tally.pipeline.cdc;

/** A change posted over HTTP: the id its producer gave it, and when it was received. */
public record HttpPosition(String eventId, long receivedAtMillis) implements SourcePosition {

    @Override
    public String connector() {
        return "http";
    }

    @Override
    public String asString() {
        return "http:id=" + eventId;
    }

    @Override
    public String orderKey() {
        return String.format("%013d:%s", receivedAtMillis, eventId);
    }
}
