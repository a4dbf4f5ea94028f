package dev.tally.publisher.http;

import java.net.URI;

/** A URL as messages and logs show it: without user info and query, which may carry credentials. */
final class RedactedUrl {

    private RedactedUrl() {
    }

    static String of(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
                    + (uri.getRawPath() == null ? "" : uri.getRawPath()) + (uri.getRawQuery() == null ? "" : "?...");
        } catch (IllegalArgumentException e) {
            return "(an invalid URL)";
        }
    }
}
