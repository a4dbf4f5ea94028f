package dev.tally.publisher.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.model.VariableRef;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineVariablesTest {

    private final PipelineVariables variables = new PipelineVariables(new SmallRyeConfigBuilder()
            .withSources(new PropertiesConfigSource(Map.of("HOOK_TOKEN", "Bearer a${b}c", "EMPTY", ""), "test", 100))
            .build());

    @Test
    void readsAValueAsItIsWithoutExpandingIt() {
        assertThat(variables.lookup("HOOK_TOKEN")).contains("Bearer a${b}c");
        assertThat(variables.lookup("EMPTY")).isEmpty();
        assertThat(variables.lookup("NOT_SET_ANYWHERE")).isEmpty();
    }

    @Test
    void aReferenceToAVariableThatIsNotSetNamesTheFileThePathAndTheVariable() {
        assertThatThrownBy(() -> variables.require(new VariableRef("ORDERS_WEBHOOK_TOKEN", "sinks[1].auth.valueFrom"),
                "examples/orders/sales-by-product.yaml", "the value of the Authorization header"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("examples/orders/sales-by-product.yaml: sinks[1].auth.valueFrom: environment variable "
                        + "ORDERS_WEBHOOK_TOKEN is not set; set it to the value of the Authorization header in the "
                        + "publisher's environment (e.g. from a Kubernetes Secret)");
    }
}
