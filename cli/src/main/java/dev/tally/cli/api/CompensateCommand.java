package dev.tally.cli.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code tally compensate}: adjusts an aggregate, or reverses a processed event, through the aggregator's API. */
@Command(name = "compensate", mixinStandardHelpOptions = true,
        description = {"Applies a correction to one aggregate (--key with --adjust), or reverses what one processed "
                + "source event contributed (--reverse), with an outbox event of type Compensated. Needs the "
                + "tally-operator role.",
                "Repeating a compensation with the same --id changes nothing.",
                "Lists the pipeline's compensations with --list."},
        footer = {"", "Examples:",
                "  ./tally compensate --pipeline sales-by-product --key '{\"product_id\":7}' --adjust units=-2 "
                        + "--adjust revenue=-19.90 --reason 'two units returned outside the shop system'",
                "  ./tally compensate --pipeline sales-by-product --reverse <event id> --reason 'test order'",
                "  ./tally compensate --pipeline sales-by-product --list"})
public final class CompensateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ApiOptions api;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @ArgGroup(exclusive = false)
        Adjustment adjustment;

        @Option(names = "--reverse", paramLabel = "EVENT_ID", description = "Retract this processed event's contribution.")
        String reverseEventId;

        @Option(names = "--list", description = "List the pipeline's compensations, newest first.")
        boolean list;
    }

    static final class Adjustment {
        @Option(names = "--key", required = true, paramLabel = "JSON",
                description = "The group key as a JSON object, e.g. '{\"product_id\":7}'.")
        String key;

        @Option(names = "--adjust", required = true, paramLabel = "AGGREGATE=DELTA",
                description = "Add DELTA to a count or sum aggregate; repeat for several.")
        Map<String, String> adjust = new LinkedHashMap<>();

        @Option(names = "--window-start", paramLabel = "INSTANT", description = "For windowed pipelines: the window's start.")
        String windowStart;

        @Option(names = "--window-end", paramLabel = "INSTANT", description = "For windowed pipelines: the window's end.")
        String windowEnd;
    }

    @Option(names = "--id", paramLabel = "ID",
            description = "Your id for this compensation; a repeat is a no-op (default: a new UUID, printed).")
    String id;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why: kept with the compensation. Required to change.")
    String reason;

    @Option(names = {"--page"}, defaultValue = "0", description = "With --list: the page (default 0).")
    int page;

    @Option(names = {"--size"}, defaultValue = "50", description = "With --list: entries per page (default 50).")
    int size;

    @Override
    public Integer call() {
        if (what.list) {
            return Answers.print(api.client(false).get("compensations?page=" + page + "&size=" + size),
                    System.out, System.err);
        }
        if (reason == null || reason.isBlank()) {
            throw new ParameterException(spec.commandLine(), "--reason is required: it is kept with the compensation");
        }
        ObjectNode body = AggregatorApi.JSON.createObjectNode();
        String compensationId = id != null ? id : UUID.randomUUID().toString();
        body.put("id", compensationId);
        if (what.reverseEventId != null) {
            body.put("reverseEventId", what.reverseEventId);
        } else {
            body.set("key", json(what.adjustment.key, "--key"));
            if (what.adjustment.windowStart != null || what.adjustment.windowEnd != null) {
                body.putObject("window").put("start", what.adjustment.windowStart).put("end", what.adjustment.windowEnd);
            }
            ObjectNode adjust = body.putObject("adjust");
            what.adjustment.adjust.forEach((aggregate, delta) -> {
                JsonNode number = json(delta, "--adjust " + aggregate);
                if (!number.isNumber()) {
                    throw new ParameterException(spec.commandLine(), "--adjust " + aggregate + "=" + delta
                            + ": the delta must be a number");
                }
                adjust.set(aggregate, number);
            });
        }
        body.put("reason", reason);
        if (id == null) {
            System.err.println("tally: compensation id " + compensationId + " (repeat with --id " + compensationId
                    + " to retry safely)");
        }
        return Answers.print(api.client(true).post("compensations", body), System.out, System.err);
    }

    private JsonNode json(String text, String option) {
        try {
            return AggregatorApi.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ParameterException(spec.commandLine(), option + ": not JSON: " + text);
        }
    }
}
