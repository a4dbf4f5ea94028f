package dev.tally.pipeline.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeadLetterTest {

    private final DeadLetter letter = new DeadLetter("sales-by-product", DeadLetter.Stage.INGEST,
            "value is not JSON", "tally.src.orders.public.order_lines", 3, 1234L,
            Instant.parse("2026-11-24T10:00:00Z"), Optional.empty());

    @Test
    void travelsInHeadersAndComesBack() {
        Map<String, String> headers = letter.headers();

        assertThat(headers).containsEntry("tally.dlq.stage", "ingest").containsEntry("tally.dlq.offset", "1234");
        assertThat(DeadLetter.fromHeaders(headers)).isEqualTo(letter);
    }

    @Test
    void cutsVeryLongReasons() {
        DeadLetter long_ = new DeadLetter("p", DeadLetter.Stage.PUBLISH, "x".repeat(10_000), "t", 0, 0,
                Instant.EPOCH, Optional.of("hook"));

        assertThat(long_.reason()).hasSize(DeadLetter.MAX_REASON).endsWith("...");
    }

    @Test
    void refusesHeadersThatAreNotADeadLetter() {
        Map<String, String> headers = new HashMap<>(letter.headers());
        headers.remove("tally.dlq.topic");

        assertThatThrownBy(() -> DeadLetter.fromHeaders(headers))
                .hasMessageContaining("header tally.dlq.topic is missing");
    }

    @Test
    void everyHeaderItAddsIsATallyHeaderAndNoOtherIs() {
        assertThat(new DeadLetter("p", DeadLetter.Stage.PUBLISH, "r", "t", 0, 0, Instant.EPOCH, Optional.of("hook"))
                .headers().keySet()).allMatch(DeadLetter::isTallyHeader);
        assertThat(DeadLetter.isTallyHeader("traceparent")).isFalse();
        assertThat(DeadLetter.isTallyHeader("tally.other")).isFalse();
    }
}
