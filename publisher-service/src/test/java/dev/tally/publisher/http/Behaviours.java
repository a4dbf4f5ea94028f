package dev.tally.publisher.http;

import dev.tally.publisher.http.Receiver.Behaviour;
import dev.tally.publisher.http.Receiver.Refusal;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

/** What test receivers answer. */
final class Behaviours {

    /** A product whose records a flaky receiver always refuses, so that some records must end in the dead letters. */
    static final long REFUSED_PRODUCT = 666;

    private Behaviours() {
    }

    static Behaviour acceptEverything() {
        return (records, headers) -> null;
    }

    /**
     * Fails about 30% of requests: 500, 503 (half of them with {@code Retry-After: 1}), no answer for
     * {@code hangMillis} (longer than the sink's timeout), and 429 with a {@code Retry-After} of one second, as
     * seconds or as an HTTP date. Always answers 500 to a request carrying {@link #REFUSED_PRODUCT}.
     */
    static Behaviour flaky(long seed, long hangMillis) {
        Random random = new Random(seed);
        return (records, headers) -> {
            if (records.stream().anyMatch(r -> r.path("product_id").asLong() == REFUSED_PRODUCT)) {
                return Refusal.of(500, "{\"error\":\"product " + REFUSED_PRODUCT + " is refused by this receiver\"}");
            }
            double r;
            synchronized (random) {
                r = random.nextDouble();
            }
            if (r < 0.70) {
                return null;
            } else if (r < 0.78) {
                return Refusal.of(500, "internal error (simulated)");
            } else if (r < 0.86) {
                return new Refusal(503, r < 0.82 ? Map.of("Retry-After", "1") : Map.of(), "overloaded (simulated)", 0);
            } else if (r < 0.93) {
                return new Refusal(500, Map.of(), "too late (simulated timeout)", hangMillis);
            }
            String retryAfter = r < 0.965 ? "1" : DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(1));
            return new Refusal(429, Map.of("Retry-After", retryAfter), "slow down (simulated)", 0);
        };
    }

    /** Never answers in time: keeps every request waiting for ten minutes. */
    static Behaviour hang() {
        return (records, headers) -> new Refusal(500, Map.of(), "hung", Duration.ofMinutes(10).toMillis());
    }

    /** Accepts only requests carrying {@code name: value}; answers 401 to others. */
    static Behaviour requireHeader(String name, String value) {
        return (records, headers) -> value.equals(headers.get(name.toLowerCase(Locale.ROOT))) ? null
                : Refusal.of(401, "{\"error\":\"missing or wrong " + name + "\"}");
    }

    /** Accepts only bearer tokens the token endpoint considers valid; counts the 401s in {@code unauthorized}. */
    static Behaviour requireToken(TokenEndpoint tokens, AtomicInteger unauthorized) {
        return (records, headers) -> {
            String authorization = headers.getOrDefault("authorization", "");
            if (authorization.startsWith("Bearer ") && tokens.valid(authorization.substring(7))) {
                return null;
            }
            unauthorized.incrementAndGet();
            return new Refusal(401, Map.of("WWW-Authenticate", "Bearer error=\"invalid_token\""),
                    "{\"error\":\"invalid_token\"}", 0);
        };
    }
}
