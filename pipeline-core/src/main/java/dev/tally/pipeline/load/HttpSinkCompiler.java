package dev.tally.pipeline.load;

import static dev.tally.pipeline.load.PipelineOptions.*;

import dev.tally.pipeline.model.Durations;
import dev.tally.pipeline.model.HttpAuth;
import dev.tally.pipeline.model.HttpSinkDefinition;
import dev.tally.pipeline.model.VariableRef;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The checks across the options of an HTTP sink, and its model. */
final class HttpSinkCompiler {

    /** Headers the sink sets itself. */
    private static final Set<String> RESERVED_HEADERS = Set.of("content-type", "content-length", "host",
            "idempotency-key", "transfer-encoding", "connection");

    private final Problems problems;

    HttpSinkCompiler(Problems problems) {
        this.problems = problems;
    }

    /** The sink, or empty when one of its options has a problem (reported). */
    Optional<HttpSinkDefinition> compile(SectionValues sink, String name) {
        int before = problems.size();
        if (sink.isSet(HTTP_SINK_URL) == sink.isSet(HTTP_SINK_URL_FROM)) {
            problems.add(sink.pathOf(HTTP_SINK_URL), "set exactly one of url (the URL) and urlFrom (the environment "
                    + "variable holding it)");
        }
        if (sink.get(HTTP_SINK_OPTIONAL) && !sink.isSet(HTTP_SINK_URL_FROM)) {
            problems.add(sink.pathOf(HTTP_SINK_OPTIONAL), "only a sink whose URL comes from a variable (urlFrom) "
                    + "can be optional: it is left out when the variable is not set");
        }
        if (sink.isSet(HTTP_SINK_TIMEOUT) && sink.get(HTTP_SINK_TIMEOUT).isZero()) {
            problems.add(sink.pathOf(HTTP_SINK_TIMEOUT), "a request needs a positive timeout");
        }
        HttpAuth auth = auth(sink.get(HTTP_SINK_AUTH));
        checkHeaders(sink, auth);
        HttpSinkDefinition.Batching batching = batching(sink.get(HTTP_SINK_BATCHING));
        HttpSinkDefinition.Retry retry = retry(sink.get(HTTP_SINK_RETRY));
        if (problems.size() > before || auth == null) {
            return Optional.empty();
        }
        return Optional.of(new HttpSinkDefinition(name,
                Optional.ofNullable(sink.get(HTTP_SINK_URL)),
                Optional.ofNullable(sink.get(HTTP_SINK_URL_FROM)).map(v -> new VariableRef(v,
                        sink.pathOf(HTTP_SINK_URL_FROM))),
                sink.get(HTTP_SINK_OPTIONAL),
                sink.get(HTTP_SINK_CONTENT_TYPE),
                Map.copyOf(sink.get(HTTP_SINK_HEADERS)),
                sink.get(HTTP_SINK_TIMEOUT),
                sink.get(HTTP_SINK_CONCURRENCY),
                sink.get(HTTP_SINK_VERSIONS),
                auth, batching, retry));
    }

    /** The authentication, or null after a problem. */
    private HttpAuth auth(SectionValues auth) {
        if (auth == null) {
            return new HttpAuth.None();
        }
        HttpAuth.Type type = auth.get(AUTH_TYPE);
        if (type == null) {
            return null;
        }
        List<Option<?>> allowed = switch (type) {
            case NONE -> List.of(AUTH_TYPE);
            case STATIC -> List.of(AUTH_TYPE, AUTH_HEADER, AUTH_VALUE_FROM);
            case OAUTH2 -> List.of(AUTH_TYPE, AUTH_TOKEN_URL, AUTH_CLIENT_ID, AUTH_CLIENT_SECRET_FROM, AUTH_MODE,
                    AUTH_SCOPE, AUTH_TOKEN_PROPERTY);
        };
        List<Option<?>> needed = switch (type) {
            case NONE -> List.of();
            case STATIC -> List.of(AUTH_VALUE_FROM);
            case OAUTH2 -> List.of(AUTH_TOKEN_URL, AUTH_CLIENT_ID, AUTH_CLIENT_SECRET_FROM);
        };
        boolean valid = true;
        for (Option<?> option : HTTP_AUTH.options()) {
            if (auth.isSet(option) && !allowed.contains(option)) {
                problems.add(auth.pathOf(option), "is not an option of auth type " + lower(type) + " (its options: "
                        + String.join(", ", allowed.stream().map(Option::name).toList()) + ")");
                valid = false;
            }
        }
        for (Option<?> option : needed) {
            if (!auth.isSet(option)) {
                problems.add(auth.pathOf(option), "missing: auth type " + lower(type) + " needs " + option.name()
                        + (option.type().describe().startsWith("environment variable") ? " (the environment variable "
                        + "holding it; secrets are never written in the file)" : ""));
                valid = false;
            }
        }
        if (!valid) {
            return null;
        }
        return switch (type) {
            case NONE -> new HttpAuth.None();
            case STATIC -> new HttpAuth.Static(auth.get(AUTH_HEADER),
                    new VariableRef(auth.get(AUTH_VALUE_FROM), auth.pathOf(AUTH_VALUE_FROM)));
            case OAUTH2 -> new HttpAuth.OAuth2(auth.get(AUTH_TOKEN_URL), auth.get(AUTH_CLIENT_ID),
                    new VariableRef(auth.get(AUTH_CLIENT_SECRET_FROM), auth.pathOf(AUTH_CLIENT_SECRET_FROM)),
                    auth.get(AUTH_MODE), Optional.ofNullable(auth.get(AUTH_SCOPE)), auth.get(AUTH_TOKEN_PROPERTY));
        };
    }

    private void checkHeaders(SectionValues sink, HttpAuth auth) {
        String authHeader = switch (auth) {
            case HttpAuth.Static s -> s.header();
            case HttpAuth.OAuth2 o -> "Authorization";
            case null, default -> null;
        };
        if (authHeader != null && RESERVED_HEADERS.contains(authHeader.toLowerCase(Locale.ROOT))) {
            problems.add(Problems.child(sink.pathOf(HTTP_SINK_AUTH), AUTH_HEADER.name()), "the sink sets "
                    + authHeader + " itself; choose another header");
        }
        for (String header : sink.get(HTTP_SINK_HEADERS).keySet()) {
            String path = Problems.child(sink.pathOf(HTTP_SINK_HEADERS), header);
            if (RESERVED_HEADERS.contains(header.toLowerCase(Locale.ROOT))) {
                problems.add(path, "the sink sets " + header + " itself" + (header.equalsIgnoreCase("content-type")
                        ? "; use contentType" : ""));
            } else if (header.equalsIgnoreCase(authHeader)) {
                problems.add(path, "auth already sets " + authHeader + "; remove it from headers");
            }
        }
    }

    private HttpSinkDefinition.Batching batching(SectionValues batching) {
        return batching == null
                ? new HttpSinkDefinition.Batching(BATCHING_ENABLED.defaultValue(), BATCHING_MAX_SIZE.defaultValue(),
                BATCHING_PREFIX.defaultValue(), BATCHING_SUFFIX.defaultValue(), BATCHING_SEPARATOR.defaultValue())
                : new HttpSinkDefinition.Batching(batching.get(BATCHING_ENABLED), batching.get(BATCHING_MAX_SIZE),
                batching.get(BATCHING_PREFIX), batching.get(BATCHING_SUFFIX), batching.get(BATCHING_SEPARATOR));
    }

    private HttpSinkDefinition.Retry retry(SectionValues retry) {
        if (retry == null) {
            return new HttpSinkDefinition.Retry(RETRY_MAX_RETRIES.defaultValue(), RETRY_BACKOFF.defaultValue(),
                    RETRY_MAX_BACKOFF.defaultValue());
        }
        HttpSinkDefinition.Retry result = new HttpSinkDefinition.Retry(retry.get(RETRY_MAX_RETRIES),
                retry.get(RETRY_BACKOFF), retry.get(RETRY_MAX_BACKOFF));
        if (result.maxBackoff().compareTo(result.backoff()) < 0) {
            problems.add(retry.pathOf(RETRY_MAX_BACKOFF), "must be at least backoff ("
                    + Durations.format(result.backoff()) + ")");
        }
        return result;
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
