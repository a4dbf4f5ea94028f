package dev.tally.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineLoader;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final PipelineJson json = new PipelineJson(load());

    @Test
    void aKeyWithANullValueReadsBackAsTheSameKey() {
        GroupKey key = new GroupKey(Arrays.asList((Object) null));

        assertThat(json.key(key).toString()).isEqualTo("{\"product_id\":null}");
        assertThat(json.readKey(json.key(key))).isEqualTo(key);
    }

    @Test
    void unknownAndMissingKeyFieldsAreRefusedByName() throws Exception {
        assertThatThrownBy(() -> json.readKey(JSON.readTree("{\"product_id\": 7, \"sku\": 1}")))
                .hasMessageContaining("'sku' is not a key field");
        assertThatThrownBy(() -> json.readKey(JSON.readTree("{}")))
                .hasMessageContaining("the key has no field 'product_id'");
        assertThatThrownBy(() -> json.readKey(JSON.readTree("[7]")))
                .hasMessageContaining("must be a JSON object of the key fields [product_id]");
    }

    @Test
    void contributionsAndResultsKeepDecimalsExactAndDeltasOnlyWhatTheyHold() {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("lines", 1L);
        values.put("units", 3L);
        values.put("revenue", new BigDecimal("7.50"));
        values.put("min_price", new BigDecimal("2.50"));
        values.put("max_price", new BigDecimal("2.50"));

        assertThat(json.readContribution(json.contribution(values))).isEqualTo(values);
        assertThat(json.readContribution(json.contribution(null))).isNull();
        assertThat(json.readResults(json.results(values))).isEqualTo(values);
        assertThat(json.results(values).get("revenue").textValue()).isEqualTo("7.50");
        Map<String, Object> delta = Map.of("units", 2L);
        assertThat(json.partialResults(delta).toString()).isEqualTo("{\"units\":2}");
        assertThat(json.readPartialResults(json.partialResults(delta))).isEqualTo(delta);
    }

    private static CompiledPipeline load() {
        try {
            return new PipelineLoader().load(Path.of("../examples/orders/sales-by-product.yaml"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
