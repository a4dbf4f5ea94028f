package dev.tally.publisher.http;

import dev.tally.pipeline.model.HttpSinkDefinition;
import dev.tally.publisher.http.RequestAuth.AuthHeader;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * Sends one request of an HTTP sink until the endpoint accepts it or the sink gives up: failures that may pass are
 * retried after growing pauses or the {@code Retry-After} of a 429 or 503; a 401 under OAuth 2.0 fetches a fresh
 * token once; anything else, and the last failed retry, gives up with the reason.
 */
final class RetryingSender {

    /** How a request ended. */
    sealed interface Outcome {
        record Delivered() implements Outcome {
        }

        record GaveUp(String reason) implements Outcome {
        }
    }

    private final String sinkName;
    private final String url;
    private final String shownUrl;
    private final String contentType;
    private final Map<String, String> headers;
    private final Duration timeout;
    private final int maxRetries;
    private final Backoff backoff;
    private final RequestAuth auth;
    private final WebClient client;
    private final HttpSinkMetrics metrics;
    private final Clock clock;

    RetryingSender(HttpSinkDefinition definition, String url, RequestAuth auth, WebClient client,
                   HttpSinkMetrics metrics, Backoff backoff, Clock clock) {
        this.sinkName = definition.name();
        this.url = url;
        this.shownUrl = RedactedUrl.of(url);
        this.contentType = definition.contentType();
        this.headers = definition.headers();
        this.timeout = definition.timeout();
        this.maxRetries = definition.retry().maxRetries();
        this.backoff = backoff;
        this.auth = auth;
        this.client = client;
        this.metrics = metrics;
        this.clock = clock;
    }

    Uni<Outcome> send(OutgoingRequest request) {
        return Uni.createFrom().deferred(() -> {
            metrics.started();
            return attempt(request, 1, false).onTermination().invoke(metrics::finished);
        });
    }

    private Uni<Outcome> attempt(OutgoingRequest request, int number, boolean refreshed) {
        return auth.header()
                .chain(header -> post(request, header))
                .onFailure().recoverWithItem(this::judge)
                .chain(result -> next(request, number, refreshed, result));
    }

    private Uni<Outcome> next(OutgoingRequest request, int number, boolean refreshed, AttemptResult result) {
        return switch (result) {
            case AttemptResult.Success success -> Uni.createFrom().item(new Outcome.Delivered());
            case AttemptResult.Unauthorized unauthorized when !refreshed && auth.rejected(unauthorized.sent()) ->
                    attempt(request, number, true);
            case AttemptResult.Unauthorized unauthorized -> gaveUp(request, number, unauthorized.problem()
                    + (refreshed ? ", also with a freshly fetched token" : "") + "; check the credentials in auth");
            case AttemptResult.Retryable retryable when number <= maxRetries -> {
                metrics.retried();
                Duration pause = backoff.pause(number, retryable.retryAfter());
                Uni<Void> wait = pause.isZero() ? Uni.createFrom().voidItem()
                        : Uni.createFrom().voidItem().onItem().delayIt().by(pause);
                yield wait.chain(() -> attempt(request, number + 1, false));
            }
            case AttemptResult.Retryable retryable -> gaveUp(request, number, retryable.problem());
            case AttemptResult.Final failed -> gaveUp(request, number, failed.problem() + " (not retried)");
        };
    }

    private Uni<Outcome> gaveUp(OutgoingRequest request, int attempts, String problem) {
        return Uni.createFrom().item(new Outcome.GaveUp("HTTP sink '" + sinkName + "' gave up on "
                + request.describe() + " after " + attempts + (attempts == 1 ? " attempt: " : " attempts: ")
                + problem));
    }

    private Uni<AttemptResult> post(OutgoingRequest request, Optional<AuthHeader> authHeader) {
        HttpRequest<Buffer> http = client.postAbs(url)
                .timeout(timeout.toMillis())
                .putHeader("Content-Type", contentType)
                .putHeader("Idempotency-Key", request.idempotencyKey());
        headers.forEach(http::putHeader);
        authHeader.ifPresent(header -> http.putHeader(header.name(), header.value()));
        return Uni.createFrom().deferred(() -> {
            Timer.Sample sample = Timer.start();
            return http.sendBuffer(Buffer.buffer(request.body()))
                    .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no answer within "
                            + timeout.toMillis() + " ms"))
                    .onItemOrFailure().invoke((response, failure) -> metrics.attempted(sample, outcome(response,
                            failure)))
                    .map(response -> judge(response, authHeader));
        });
    }

    private AttemptResult judge(HttpResponse<Buffer> response, Optional<AuthHeader> sent) {
        int status = response.statusCode();
        String problem = "POST " + shownUrl + " answered " + ResponseExcerpt.of(response);
        if (status >= 200 && status <= 299) {
            return new AttemptResult.Success();
        }
        if (status == 401) {
            return new AttemptResult.Unauthorized(problem, sent);
        }
        if (status == 408 || status == 429 || status >= 500) {
            Optional<Duration> retryAfter = status == 429 || status == 503
                    ? RetryAfter.parse(response.getHeader("Retry-After"), clock.instant()) : Optional.empty();
            return new AttemptResult.Retryable(problem, retryAfter);
        }
        return new AttemptResult.Final(problem);
    }

    private AttemptResult judge(Throwable failure) {
        if (failure instanceof TokenFailure token) {
            return token.retryable() ? new AttemptResult.Retryable(token.getMessage(), Optional.empty())
                    : new AttemptResult.Final(token.getMessage());
        }
        String problem = "POST " + shownUrl + (isTimeout(failure) ? ": no answer within " + timeout.toMillis() + " ms"
                : " failed: " + (failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getMessage()));
        return new AttemptResult.Retryable(problem, Optional.empty());
    }

    private static String outcome(HttpResponse<Buffer> response, Throwable failure) {
        if (response != null) {
            return response.statusCode() / 100 + "xx";
        }
        return isTimeout(failure) ? "timeout" : "error";
    }

    private static boolean isTimeout(Throwable failure) {
        return failure instanceof TimeoutException || failure instanceof io.smallrye.mutiny.TimeoutException;
    }
}
