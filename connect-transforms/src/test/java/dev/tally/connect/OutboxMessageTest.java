package dev.tally.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class OutboxMessageTest {

    @Property
    void whatIsEncodedDecodesToTheSameFieldsAndPayloadBytes(@ForAll("lines") String pipeline,
                                                           @ForAll("lines") String aggregateId,
                                                           @ForAll("lines") String eventType,
                                                           @ForAll String payload) {
        byte[] content = OutboxMessage.encode(pipeline, aggregateId, eventType, payload)
                .getBytes(StandardCharsets.UTF_8);

        OutboxMessage decoded = OutboxMessage.decode(content);

        assertThat(decoded.pipeline()).isEqualTo(pipeline);
        assertThat(decoded.aggregateId()).isEqualTo(aggregateId);
        assertThat(decoded.eventType()).isEqualTo(eventType);
        assertThat(decoded.payload()).isEqualTo(payload.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> lines() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter(s -> s.indexOf('\n') < 0);
    }

    @Test
    void aPayloadKeepsItsOwnNewlines() {
        byte[] content = OutboxMessage.encode("sales", "[\"p-1\"]", "AggregateUpdated", "{\n \"n\": 1\n}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(new String(OutboxMessage.decode(content).payload(), StandardCharsets.UTF_8))
                .isEqualTo("{\n \"n\": 1\n}");
    }

    @Test
    void aHeaderValueWithANewlineOrNothingIsRefused() {
        assertThatThrownBy(() -> OutboxMessage.encode("sales", "a\nb", "AggregateUpdated", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("aggregate id");
        assertThatThrownBy(() -> OutboxMessage.encode("", "[1]", "AggregateUpdated", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pipeline");
    }

    @Test
    void contentWithoutItsThreeHeaderLinesIsRefusedWithWhatWasFound() {
        for (String content : new String[] {"", "{\"id\": 1}", "sales\n[1]\n", "sales\n\nAggregateUpdated\n{}",
                "\n[1]\nAggregateUpdated\n{}"}) {
            assertThatThrownBy(() -> OutboxMessage.decode(content.getBytes(StandardCharsets.UTF_8)))
                    .as(content).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a Tally outbox message");
        }
    }
}
