package dev.tally.pipeline.cdc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Loads the Kafka records under {@code src/test/resources/debezium}: {@code <name>.value.json} and,
 * when the record has a key, {@code <name>.key.json}. An empty value file is a tombstone.
 */
final class DebeziumFixtures {

    private static final DebeziumEnvelopeDecoder DECODER = new DebeziumEnvelopeDecoder();

    private DebeziumFixtures() {
    }

    /** Decodes the fixture {@code debezium/<path>.key.json} + {@code .value.json}. */
    static RowChange decode(String path) throws DecodingException {
        return DECODER.decode(key(path), value(path));
    }

    static byte[] key(String path) {
        return read("debezium/" + path + ".key.json");
    }

    static byte[] value(String path) {
        byte[] value = read("debezium/" + path + ".value.json");
        if (value == null) {
            throw new IllegalArgumentException("no fixture debezium/" + path + ".value.json");
        }
        return value;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] read(String resource) {
        try (InputStream in = DebeziumFixtures.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
