package dev.tally.publisher.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.pipeline.model.HttpAuth;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.MultiMap;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpRequest;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * OAuth 2.0 client credentials (RFC 6749, 4.4): a bearer token fetched from the token endpoint, shared by concurrent
 * requests, cached until shortly before it expires, and dropped when the endpoint answers 401. A token endpoint that
 * refuses the credentials is not asked again for the same request: retrying cannot fix a wrong secret.
 */
final class OAuth2ClientCredentials implements RequestAuth {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebClient client;
    private final HttpAuth.OAuth2 settings;
    private final String clientSecret;
    private final Duration timeout;
    private final Clock clock;
    private final String describe;
    private volatile AccessToken cached;
    private Uni<AccessToken> fetching;

    /**
     * @param clientSecret the secret, from the variable {@code settings.clientSecret()} names
     * @param timeout      the most time a token request may take
     */
    OAuth2ClientCredentials(WebClient client, HttpAuth.OAuth2 settings, String clientSecret, Duration timeout,
                            Clock clock) {
        this.client = client;
        this.settings = settings;
        this.clientSecret = clientSecret;
        this.timeout = timeout;
        this.clock = clock;
        this.describe = "token endpoint " + RedactedUrl.of(settings.tokenUrl());
    }

    @Override
    public Uni<Optional<AuthHeader>> header() {
        return Uni.createFrom().deferred(() -> {
            AccessToken token = cached;
            return token != null && token.usableAt(clock.instant()) ? Uni.createFrom().item(token) : sharedFetch();
        }).map(token -> Optional.of(new AuthHeader("Authorization", "Bearer " + token.value())));
    }

    @Override
    public boolean rejected(Optional<AuthHeader> sent) {
        AccessToken token = cached;
        if (token != null && sent.isPresent() && sent.get().value().equals("Bearer " + token.value())) {
            cached = null;
        }
        return true;
    }

    /** One fetch at a time: requests that need a token meanwhile wait for the same one. */
    private synchronized Uni<AccessToken> sharedFetch() {
        if (fetching == null) {
            fetching = fetch()
                    .invoke(token -> cached = token)
                    .onTermination().invoke(this::fetched)
                    .memoize().indefinitely();
        }
        return fetching;
    }

    private synchronized void fetched() {
        fetching = null;
    }

    private Uni<AccessToken> fetch() {
        HttpRequest<Buffer> request = client.postAbs(settings.tokenUrl())
                .timeout(timeout.toMillis())
                .putHeader("Accept", "application/json");
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "client_credentials");
        settings.scope().ifPresent(scope -> form.add("scope", scope));
        if (settings.mode() == HttpAuth.AuthorizationMode.HEADER) {
            request.basicAuthentication(settings.clientId(), clientSecret);
        } else {
            form.add("client_id", settings.clientId()).add("client_secret", clientSecret);
        }
        return Uni.createFrom().deferred(() -> {
                    Instant sent = clock.instant();
                    return request.sendForm(form)
                            .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no answer within "
                                    + timeout.toMillis() + " ms"))
                            .map(response -> read(response, sent));
                })
                .onFailure(e -> !(e instanceof TokenFailure)).transform(e -> new TokenFailure(describe
                        + " did not answer: " + e.getMessage(), true, e));
    }

    private AccessToken read(HttpResponse<Buffer> response, Instant sent) {
        int status = response.statusCode();
        if (status == 408 || status == 429 || status >= 500) {
            throw new TokenFailure(describe + " is unavailable: " + ResponseExcerpt.of(response), true, null);
        }
        if (status < 200 || status > 299) {
            throw new TokenFailure(describe + " refused the credentials of client '" + settings.clientId() + "': "
                    + ResponseExcerpt.of(response) + "; check auth.clientId and the secret in "
                    + settings.clientSecret().variable() + " (" + settings.clientSecret().path() + ")", false, null);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body() == null ? new byte[0] : response.body().getBytes());
        } catch (IOException e) {
            body = null;
        }
        JsonNode token = body == null ? null : body.get(settings.tokenProperty());
        if (token == null || !token.isTextual() || token.asText().isEmpty()) {
            // A successful answer holds a secret wherever it is: name its properties, never their values.
            throw new TokenFailure(describe + " answered " + status + " with " + propertyNames(body)
                    + ", which has no token in property '" + settings.tokenProperty() + "'; set auth.tokenProperty "
                    + "to the property that holds it", false, null);
        }
        JsonNode expiresIn = body.get("expires_in");
        Duration lifetime = expiresIn != null && (expiresIn.isNumber() || expiresIn.asText().matches("\\d+"))
                ? Duration.ofSeconds(expiresIn.asLong()) : null;
        return AccessToken.of(token.asText(), sent, lifetime);
    }

    private static String propertyNames(JsonNode body) {
        if (body == null || !body.isObject()) {
            return "a body that is not a JSON object";
        }
        List<String> names = new ArrayList<>();
        body.fieldNames().forEachRemaining(names::add);
        return "the properties " + names + " (values withheld)";
    }
}
