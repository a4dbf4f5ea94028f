package dev.tally.pipeline.dlq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.load.PipelineLoader;
import dev.tally.pipeline.model.Pipeline;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedriveTargetTest {

    private Pipeline pipeline;

    @BeforeEach
    void load() throws Exception {
        pipeline = new PipelineLoader().load(Path.of("../examples/orders/sales-by-product.yaml")).pipeline();
    }

    @Test
    void ingestAndAggregateDeadLettersGoBackToTheTopicTheyCameFrom() {
        assertThat(RedriveTarget.of(letter(DeadLetter.Stage.INGEST, "orders.public.order_lines", null), pipeline))
                .isEqualTo(new RedriveTarget("orders.public.order_lines", Optional.empty(), false));
        assertThat(RedriveTarget.of(letter(DeadLetter.Stage.AGGREGATE, "tally.sales-by-product.changes", null), pipeline))
                .isEqualTo(new RedriveTarget("tally.sales-by-product.changes", Optional.empty(), false));
    }

    @Test
    void aPublishDeadLetterGoesOutAgainThroughTheOutboxToTheAggregatesTopic() {
        assertThat(RedriveTarget.of(letter(DeadLetter.Stage.PUBLISH, "tally.sales-by-product.aggregates", "webhook"),
                pipeline)).isEqualTo(new RedriveTarget("tally.sales-by-product.aggregates", Optional.of("webhook"),
                true));
    }

    @Test
    void refusesDeadLettersThatDoNotFitThePipeline() {
        assertThatThrownBy(() -> RedriveTarget.of(new DeadLetter("other", DeadLetter.Stage.AGGREGATE, "r",
                "tally.other.changes", 0, 0, Instant.EPOCH, Optional.empty()), pipeline))
                .hasMessageContaining("pipeline 'other'");
        assertThatThrownBy(() -> RedriveTarget.of(letter(DeadLetter.Stage.AGGREGATE, "orders.public.order_lines", null),
                pipeline)).hasMessageContaining("must come from tally.sales-by-product.changes");
        assertThatThrownBy(() -> RedriveTarget.of(letter(DeadLetter.Stage.INGEST, "tally.sales-by-product.dlq", null),
                pipeline)).hasMessageContaining("raw change topic");
        assertThatThrownBy(() -> RedriveTarget.of(letter(DeadLetter.Stage.PUBLISH, "tally.sales-by-product.aggregates",
                "gone"), pipeline)).hasMessageContaining("no sink 'gone'");
        assertThatThrownBy(() -> RedriveTarget.of(letter(DeadLetter.Stage.PUBLISH, "tally.sales-by-product.aggregates",
                null), pipeline)).hasMessageContaining("must name its sink");
    }

    private static DeadLetter letter(DeadLetter.Stage stage, String topic, String sink) {
        return new DeadLetter("sales-by-product", stage, "reason", topic, 1, 42, Instant.EPOCH,
                Optional.ofNullable(sink));
    }
}
