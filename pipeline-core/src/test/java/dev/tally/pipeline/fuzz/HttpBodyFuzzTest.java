package dev.tally.pipeline.fuzz;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.pipeline.event.ChangeMapper;
import dev.tally.pipeline.event.MappingException;
import dev.tally.pipeline.http.HttpEventDecoder;
import dev.tally.pipeline.http.InvalidEventException;
import dev.tally.pipeline.model.SourceDefinition;
import java.time.Instant;

/**
 * Any bytes, as the body of {@code POST /api/pipelines/{p}/events}, are read, decoded element by element and mapped
 * as ingest does, or refused with a reason: an {@link InvalidEventException} or a {@link MappingException}, both a
 * 400 naming the element. Anything else thrown, and any hang, is a finding. Seeds and found crashes:
 * {@code HttpBodyFuzzTestInputs/} under this package's test resources.
 */
class HttpBodyFuzzTest {

    private static final HttpEventDecoder DECODER = new HttpEventDecoder();
    private static final ChangeMapper MAPPER = FuzzPipeline.mapper();
    private static final SourceDefinition SOURCE = MAPPER.pipeline().source("posted").orElseThrow().definition();
    private static final Instant RECEIVED = FuzzPipeline.NOW.minusSeconds(60);

    @DictionaryEntries({"\"op\"", "\"id\"", "\"key\"", "\"before\"", "\"after\"", "\"c\"", "\"u\"", "\"d\"",
            "\"void\"", "\"customer_id\"", "\"status\"", "\"amount\"", "\"discount\"", "\"express\"",
            "\"weight_kg\"", "\"created_at\"", "\"ship_date\"", "\"2026-11-23T09:15:02.123456Z\"",
            "\"2026-11-23 09:15:02+01:00\"", "\"2026-11-23\"", "9223372036854775807", "-9223372036854775808",
            "2147483647", "-2147483648", "999999999999", "-999999999999", "1e999", "0.1", "true", "null"})
    @FuzzTest(maxExecutions = 60_000)
    void readsAndMapsOrRefusesWithAReason(byte[] body) {
        HttpEventDecoder.Body read;
        try {
            read = DECODER.read(body);
        } catch (InvalidEventException refused) {
            Refusals.requireReason(refused);
            return;
        }
        for (JsonNode element : read.elements()) {
            try {
                MAPPER.map(SOURCE.name(), DECODER.change(element, SOURCE, "fuzz-event", RECEIVED));
            } catch (InvalidEventException | MappingException refused) {
                Refusals.requireReason(refused);
            }
        }
    }
}
