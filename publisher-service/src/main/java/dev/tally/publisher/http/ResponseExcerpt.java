package dev.tally.publisher.http;

import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.core.buffer.Buffer;

/** A response as messages show it: the status and the start of the body, on one line. */
final class ResponseExcerpt {

    static final int MAX_BODY = 500;

    private ResponseExcerpt() {
    }

    /** E.g. {@code 503 Service Unavailable: {"error":"overloaded"}}. */
    static String of(HttpResponse<Buffer> response) {
        String status = response.statusCode() + (response.statusMessage() == null || response.statusMessage().isBlank()
                ? "" : " " + response.statusMessage());
        Buffer body = response.body();
        if (body == null || body.length() == 0) {
            return status + " (empty body)";
        }
        String text = body.length() > MAX_BODY * 4 ? body.getString(0, MAX_BODY * 4) : body.toString();
        text = text.replaceAll("\\s+", " ").strip();
        return status + ": " + (text.length() > MAX_BODY ? text.substring(0, MAX_BODY) + "..." : text);
    }
}
