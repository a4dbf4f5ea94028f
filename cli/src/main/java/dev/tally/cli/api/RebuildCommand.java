package dev.tally.cli.api;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tally rebuild}: rebuilds a pipeline from its sources, through the aggregator's API. */
@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = {"Empties the pipeline's aggregates and has Debezium read its source tables again (an "
                + "incremental snapshot through each connector's signal table) while live changes go on being "
                + "applied; the aggregates and sinks end equal to the sources. Compensations are not applied again. "
                + "Needs the tally-operator role.",
                "With --status, lists the pipeline's rebuilds and their state (running, done, failed)."},
        footer = {"", "Examples:", "  ./tally rebuild --pipeline sales-by-product",
                "  ./tally rebuild --pipeline sales-by-product --status"})
public final class RebuildCommand implements Callable<Integer> {

    @Mixin
    ApiOptions api;

    @Option(names = "--status", description = "List the pipeline's rebuilds instead of starting one.")
    boolean status;

    @Override
    public Integer call() {
        if (status) {
            return Answers.print(api.client(false).get("rebuild"), System.out, System.err);
        }
        return Answers.print(api.client(true).post("rebuild", AggregatorApi.JSON.createObjectNode()), System.out,
                System.err);
    }
}
