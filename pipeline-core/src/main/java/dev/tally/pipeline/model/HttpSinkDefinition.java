package dev.tally.pipeline.model;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An HTTP endpoint that receives the aggregates as JSON, one record per request or in batches, with retries, a
 * dead-letter path and an {@code Idempotency-Key}.
 *
 * @param name        the sink's name
 * @param url         the endpoint, when the file names it
 * @param urlFrom     the variable holding the endpoint, when the file names that instead
 * @param optional    with {@code urlFrom}: the sink is left out when the variable is not set
 * @param contentType the Content-Type of requests
 * @param headers     additional request headers
 * @param timeout     the most time one request may take
 * @param concurrency the most requests in flight at once
 * @param versions    which versions of an aggregate in one poll are sent
 * @param auth        how requests are authenticated
 * @param batching    whether and how records are sent in batches
 * @param retry       how failed requests are retried
 */
public record HttpSinkDefinition(
        String name,
        Optional<String> url,
        Optional<VariableRef> urlFrom,
        boolean optional,
        String contentType,
        Map<String, String> headers,
        Duration timeout,
        int concurrency,
        Versions versions,
        HttpAuth auth,
        Batching batching,
        Retry retry) implements SinkDefinition {

    /** Which versions of one aggregate, among the records of one poll, an HTTP sink sends. */
    public enum Versions {
        /** Only the newest. */
        NEWEST,
        /** Every one, in version order. */
        ALL
    }

    /**
     * Several records per request: {@code prefix + record + separator + record ... + suffix}.
     *
     * @param enabled   whether records are batched; if not, each request carries one record, as is
     * @param maxSize   the most records per request
     * @param prefix    written before the first record
     * @param suffix    written after the last record
     * @param separator written between two records
     */
    public record Batching(boolean enabled, int maxSize, String prefix, String suffix, String separator) {
    }

    /**
     * Retries of a failed request: pauses grow exponentially from {@code backoff} up to {@code maxBackoff}, with
     * jitter.
     *
     * @param maxRetries how often a request is retried before its records go to the dead-letter topic
     * @param backoff    the pause before the first retry
     * @param maxBackoff the longest pause, also for a {@code Retry-After} the endpoint asks for
     */
    public record Retry(int maxRetries, Duration backoff, Duration maxBackoff) {
    }

    /**
     * Why this sink is left out of a run whose environment is {@code variables}: only an optional sink whose
     * {@code urlFrom} variable is not set is.
     */
    public Optional<String> skipReason(Function<String, Optional<String>> variables) {
        if (!optional || urlFrom.isEmpty() || urlFrom.get().lookup(variables).isPresent()) {
            return Optional.empty();
        }
        return Optional.of("HTTP sink '" + name + "' is optional and its urlFrom variable " + urlFrom.get().variable()
                + " is not set");
    }
}
