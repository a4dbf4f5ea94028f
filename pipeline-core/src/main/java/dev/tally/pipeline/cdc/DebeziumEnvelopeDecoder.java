package dev.tally.pipeline.cdc;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;

/**
 * Decodes Debezium change records written by Kafka Connect's JsonConverter, with or without
 * embedded schemas, into {@link RowChange}s. Thread-safe and reusable.
 */
public final class DebeziumEnvelopeDecoder {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            // Exact decimals: never through double, and 12.50 stays 12.50.
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            // Integers stay long-sized nodes; only those past long become BigInteger.
            .disable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /**
     * Decodes one Kafka record.
     *
     * @param key   the record key: the primary key columns, or null/empty for keyless tables and truncates
     * @param value the record value: a change envelope
     * @return the row change, or null when the value is a tombstone (null, empty, JSON {@code null},
     *         or an enveloped null payload), which carries no change
     * @throws DecodingException when the record is not JSON, not a Debezium row change envelope, or
     *                           lacks a part a row change needs; the message says which
     */
    public RowChange decode(byte[] key, byte[] value) throws DecodingException {
        try {
            return decodeRecord(key, value);
        } catch (RuntimeException e) {
            // One record the checks above did not foresee must go to the dead-letter queue, not stop the consumer.
            throw new DecodingException("record could not be decoded: " + e, e);
        }
    }

    private static RowChange decodeRecord(byte[] key, byte[] value) throws DecodingException {
        ConnectJsonMessage message = message(value, "value");
        if (message == null) {
            return null;
        }
        JsonNode envelope = message.payload();
        if (!envelope.isObject()) {
            throw new DecodingException("value is " + ConnectValueConverter.describe(envelope) + ", not a Debezium change envelope");
        }
        Operation op = operation(envelope);
        SourceBlock source = source(envelope);
        PositionReader positionReader = PositionReader.forConnector(source.connector());

        TableId table = new TableId(emptyToNull(source.text("db")), emptyToNull(source.text("schema")), source.requiredText("table"));
        SourcePosition position = positionReader.read(source);
        Instant commitTime = commitTime(source, envelope);
        boolean snapshot = op == Operation.READ || source.isSnapshot();

        Map<String, Object> before = null;
        Map<String, Object> after = null;
        if (op != Operation.TRUNCATE) {
            before = image(envelope, "before", message);
            after = image(envelope, "after", message);
            requireImages(op, before, after);
        }
        return new RowChange(op, table, decodeKey(key), before, after, commitTime, position, snapshot,
                source.isIncrementalSnapshot());
    }

    /** The parsed key or value, or null when there is none: null, empty, JSON null, or a null payload. */
    private static ConnectJsonMessage message(byte[] bytes, String what) throws DecodingException {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        JsonNode root = parse(bytes, what);
        if (root.isMissingNode() || root.isNull()) {
            return null;
        }
        ConnectJsonMessage message = ConnectJsonMessage.of(root);
        return message.payload().isNull() ? null : message;
    }

    private static Operation operation(JsonNode envelope) throws DecodingException {
        JsonNode opNode = envelope.get("op");
        if (opNode == null || opNode.isNull()) {
            throw new DecodingException("envelope has no 'op' field");
        }
        if (!opNode.isTextual()) {
            throw new DecodingException("envelope field 'op' is " + ConnectValueConverter.describe(opNode) + ", not a string");
        }
        String code = opNode.textValue();
        if (code.equals("m")) {
            throw new DecodingException("logical decoding messages are not row changes");
        }
        return Operation.forCode(code).orElseThrow(() ->
                new DecodingException("unknown operation '" + code + "' (expected one of c, u, d, r, t)"));
    }

    private static SourceBlock source(JsonNode envelope) throws DecodingException {
        JsonNode source = envelope.get("source");
        if (source == null || source.isNull()) {
            throw new DecodingException("envelope has no 'source' field");
        }
        if (!source.isObject()) {
            throw new DecodingException("envelope field 'source' is " + ConnectValueConverter.describe(source) + ", not an object");
        }
        JsonNode connector = source.get("connector");
        if (connector == null || !connector.isTextual()) {
            throw new DecodingException("envelope has no 'source.connector' field naming the connector");
        }
        return new SourceBlock(source, connector.textValue());
    }

    private static void requireImages(Operation op, Map<String, Object> before, Map<String, Object> after) throws DecodingException {
        switch (op) {
            case CREATE -> requireImage(after, "create", "after");
            case READ -> requireImage(after, "snapshot read", "after");
            case UPDATE -> requireImage(after, "update", "after");
            case DELETE -> requireImage(before, "delete", "before");
            case TRUNCATE -> { }
        }
    }

    private static void requireImage(Map<String, Object> image, String event, String name) throws DecodingException {
        if (image == null) {
            throw new DecodingException(event + " event has no '" + name + "' row");
        }
    }

    private static Map<String, Object> image(JsonNode envelope, String name, ConnectJsonMessage message) throws DecodingException {
        JsonNode row = envelope.get(name);
        if (row == null || row.isNull()) {
            return null;
        }
        if (!row.isObject()) {
            throw new DecodingException("envelope field '" + name + "' is " + ConnectValueConverter.describe(row) + ", not a row object");
        }
        return Collections.unmodifiableMap(ConnectValueConverter.row(row, message.fieldSchema(name), name));
    }

    private static Map<String, Object> decodeKey(byte[] key) throws DecodingException {
        ConnectJsonMessage message = message(key, "key");
        if (message == null) {
            return null;
        }
        JsonNode payload = message.payload();
        if (!payload.isObject()) {
            throw new DecodingException("key is " + ConnectValueConverter.describe(payload) + ", not an object of key columns");
        }
        return Collections.unmodifiableMap(ConnectValueConverter.row(payload, message.schema(), "key"));
    }

    private static Instant commitTime(SourceBlock source, JsonNode envelope) throws DecodingException {
        Long millis = source.optionalLong("ts_ms");
        if (millis != null) {
            return Instant.ofEpochMilli(millis);
        }
        JsonNode processed = envelope.get("ts_ms");
        if (processed == null || processed.isNull()) {
            throw new DecodingException("envelope has neither 'source.ts_ms' nor 'ts_ms'");
        }
        if (!processed.isIntegralNumber() || !processed.canConvertToLong()) {
            throw new DecodingException("envelope field 'ts_ms' is " + ConnectValueConverter.describe(processed) + ", not epoch milliseconds");
        }
        return Instant.ofEpochMilli(processed.longValue());
    }

    private static JsonNode parse(byte[] bytes, String what) throws DecodingException {
        try {
            return MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
            throw new DecodingException(what + " is not JSON: " + e.getOriginalMessage() + where, e);
        } catch (IOException e) {
            throw new DecodingException(what + " is not JSON: " + e.getMessage(), e);
        } catch (NumberFormatException e) {
            // Jackson refuses a decimal whose exponent a BigDecimal cannot hold (1e10000000000) this way, not as a
            // parse error.
            throw new DecodingException(what + " holds a number that cannot be read exactly: " + e.getMessage());
        }
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
