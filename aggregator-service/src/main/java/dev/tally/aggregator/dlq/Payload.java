package dev.tally.aggregator.dlq;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The bytes of a record's key or value as the dead-letter API shows them: the text itself when it is UTF-8 JSON
 * (encoding {@code json}), else base64 (encoding {@code base64}).
 *
 * @param encoding {@code json} or {@code base64}
 * @param data     the JSON text, or the bytes in base64
 */
@RegisterForReflection
public record Payload(String encoding, String data) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The payload of {@code bytes}; null for none. */
    public static Payload of(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        String text = utf8(bytes);
        return text != null && isJson(text) ? new Payload("json", text)
                : new Payload("base64", Base64.getEncoder().encodeToString(bytes));
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isJson(String text) {
        try {
            return JSON.readTree(text) != null && !text.isBlank();
        } catch (JsonProcessingException e) {
            return false;
        }
    }
}
