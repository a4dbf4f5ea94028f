package dev.tally.publisher.http;

import dev.tally.pipeline.event.AggregateUpdate;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The {@code Idempotency-Key} of a request, the same on every retry and every redelivery, and different for every
 * pipeline and sink (a receiver may serve several): for one record, the pipeline, the sink, the aggregate id and the
 * version ({@code sales-by-product/webhook/[7]:12}; bytes outside printable ASCII percent-encoded); for a batch,
 * {@code sha256:} and the hash of the pipeline, the sink and its records' ids and versions, in order.
 */
final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    static String of(String sink, List<AggregateUpdate> updates) {
        if (updates.size() == 1) {
            return single(sink, updates.get(0));
        }
        MessageDigest digest = sha256();
        digest.update((updates.get(0).pipeline() + "/" + sink + "\n").getBytes(StandardCharsets.UTF_8));
        for (AggregateUpdate update : updates) {
            digest.update((update.aggregateId() + ":" + update.version() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return "sha256:" + HexFormat.of().formatHex(digest.digest());
    }

    private static String single(String sink, AggregateUpdate update) {
        StringBuilder key = new StringBuilder();
        for (byte b : (update.pipeline() + "/" + sink + "/" + update.aggregateId()).getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 0x20 && c < 0x7f && c != '%') {
                key.append((char) c);
            } else {
                key.append('%').append(HexFormat.of().withUpperCase().toHexDigits((byte) c));
            }
        }
        return key.append(':').append(update.version()).toString();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
