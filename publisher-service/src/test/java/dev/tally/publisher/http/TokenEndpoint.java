package dev.tally.publisher.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An OAuth 2.0 token endpoint (client credentials grant) for tests: knows its clients' secrets, accepts them as HTTP
 * Basic or as form parameters, issues numbered tokens with a lifetime the test sets, and can revoke them.
 */
final class TokenEndpoint extends TestEndpoint {

    private final Map<String, String> secrets;
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final List<String> requests = new ArrayList<>();
    private volatile Duration lifetime = Duration.ofHours(1);
    private final Map<String, String> lastIssued = new ConcurrentHashMap<>();

    TokenEndpoint(Map<String, String> secrets) {
        this.secrets = Map.copyOf(secrets);
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
        Map<String, String> form = form(body(exchange));
        String client = form.get("client_id");
        String secret = form.get("client_secret");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.startsWith("Basic ")) {
            String[] basic = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8)
                    .split(":", 2);
            client = basic[0];
            secret = basic.length > 1 ? basic[1] : null;
        }
        synchronized (requests) {
            requests.add(String.valueOf(client));
        }
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (!"client_credentials".equals(form.get("grant_type"))) {
            reply(exchange, 400, "{\"error\":\"unsupported_grant_type\"}");
        } else if (client == null || !secrets.containsKey(client) || !secrets.get(client).equals(secret)) {
            reply(exchange, 401, "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}");
        } else {
            String token = "token-" + client + "-" + requests(client) + "-" + form.getOrDefault("scope", "");
            Duration life = lifetime;
            expiries.put(token, Instant.now().plus(life));
            lastIssued.put(client, token);
            reply(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                    + life.toSeconds() + "}");
        }
    }

    /** The lifetime of tokens issued from now on. */
    void issueTokensFor(Duration lifetime) {
        this.lifetime = lifetime;
    }

    /** Whether {@code token} was issued here, is not revoked and has not expired. */
    boolean valid(String token) {
        Instant expiry = expiries.get(token);
        return expiry != null && !revoked.contains(token) && Instant.now().isBefore(expiry);
    }

    boolean expired(String token) {
        Instant expiry = expiries.get(token);
        return expiry != null && !Instant.now().isBefore(expiry);
    }

    void revoke(String token) {
        revoked.add(token);
    }

    /** Every token issued so far. */
    Set<String> issued() {
        return Set.copyOf(expiries.keySet());
    }

    /** The token issued last to {@code client}. */
    String lastIssued(String client) {
        return lastIssued.get(client);
    }

    /** How many token requests named {@code client}. */
    int requests(String client) {
        synchronized (requests) {
            return (int) requests.stream().filter(client::equals).count();
        }
    }

    String tokenUrl() {
        return url("/oauth2/token");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }
}
