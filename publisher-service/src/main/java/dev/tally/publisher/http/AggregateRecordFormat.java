package dev.tally.publisher.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tally.pipeline.event.AggregateUpdate;
import dev.tally.pipeline.event.PipelineJson;
import dev.tally.pipeline.load.CompiledPipeline;

/**
 * The JSON object an HTTP sink delivers for one aggregate version: the group key fields, {@code window_start},
 * {@code window_end} and {@code window_closed} (true on the window's final, WindowClosed version) when the pipeline
 * has windows, the aggregates and {@code version}, with the names and value forms
 * of the SQL sink's columns (decimals as strings, so they stay exact; times in ISO-8601).
 */
final class AggregateRecordFormat {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final PipelineJson values;

    AggregateRecordFormat(CompiledPipeline pipeline) {
        this.values = new PipelineJson(pipeline);
    }

    ObjectNode toJson(AggregateUpdate update) {
        ObjectNode record = JSON.createObjectNode();
        values.writeKeyFields(record, update.key());
        if (update.window() != null) {
            record.put("window_start", update.window().start().toString());
            record.put("window_end", update.window().end().toString());
            record.put("window_closed", update.type() == AggregateUpdate.Type.WINDOW_CLOSED);
        }
        values.writeResults(record, update.aggregates());
        record.put("version", update.version());
        return record;
    }

    byte[] encode(AggregateUpdate update) {
        try {
            return JSON.writeValueAsBytes(toJson(update));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode version " + update.version() + " of aggregate "
                    + update.aggregateId() + " as JSON: " + e.getMessage(), e);
        }
    }
}
