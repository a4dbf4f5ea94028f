package dev.tally.pipeline.model;

import java.util.Optional;

/** How an HTTP sink authenticates its requests. Secrets are never in the file: they are references to variables. */
public sealed interface HttpAuth {

    /** The {@code auth.type} of a pipeline file. */
    enum Type {
        NONE,
        STATIC,
        OAUTH2
    }

    /** No authentication. */
    record None() implements HttpAuth {
    }

    /**
     * A fixed header, e.g. {@code Authorization: Bearer ...}, whose value comes from a variable.
     *
     * @param header the header name
     * @param value  the variable holding the header's value
     */
    record Static(String header, VariableRef value) implements HttpAuth {
    }

    /**
     * OAuth 2.0 client credentials: a bearer token fetched from {@code tokenUrl}, cached, refreshed before it expires
     * and when the endpoint answers 401.
     *
     * @param tokenUrl      the token endpoint
     * @param clientId      the client id
     * @param clientSecret  the variable holding the client secret
     * @param mode          how the client id and secret are sent to the token endpoint
     * @param scope         the scope to ask for, if any
     * @param tokenProperty the property of the token response that holds the access token
     */
    record OAuth2(String tokenUrl, String clientId, VariableRef clientSecret, AuthorizationMode mode,
                  Optional<String> scope, String tokenProperty) implements HttpAuth {
    }

    /** How an OAuth 2.0 client sends its id and secret to the token endpoint. */
    enum AuthorizationMode {
        /** HTTP Basic authentication ({@code Authorization: Basic base64(id:secret)}). */
        HEADER,
        /** {@code client_id} and {@code client_secret} in the form-encoded request body. */
        URL
    }
}
