package dev.tally.cli.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tally dlq list|redrive}: a pipeline's dead letters, through the aggregator's API. */
@Command(name = "dlq", mixinStandardHelpOptions = true,
        description = "Lists and re-drives the entries of a pipeline's dead-letter topic (tally.<p>.dlq).",
        subcommands = {DlqCommand.ListEntries.class, DlqCommand.Redrive.class})
public final class DlqCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code tally dlq list}. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists dead-letter entries by page (partition, then offset), with stage, reason, origin, "
                    + "key, value and earlier re-drives. Needs the tally-viewer role.")
    static final class ListEntries implements Callable<Integer> {

        @Mixin
        ApiOptions api;

        @Option(names = "--page", defaultValue = "0", description = "The page (default 0).")
        int page;

        @Option(names = "--size", defaultValue = "20", description = "Entries per page, 1 to 500 (default 20).")
        int size;

        @Override
        public Integer call() {
            return Answers.print(api.client(false).get("dlq?page=" + page + "&size=" + size), System.out, System.err);
        }
    }

    /** {@code tally dlq redrive}. */
    @Command(name = "redrive", mixinStandardHelpOptions = true,
            description = {"Sends dead-letter entries back where they came from, once their cause is fixed: each is "
                    + "applied exactly once. Needs the tally-operator role.",
                    "--all skips entries re-driven before; an entry named with --entry goes again."},
            footer = {"", "Examples:", "  ./tally dlq redrive --pipeline sales-by-product --all",
                    "  ./tally dlq redrive --pipeline sales-by-product --entry 0:12 --entry 2:7"})
    static final class Redrive implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Mixin
        ApiOptions api;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        static final class Which {
            @Option(names = "--all", description = "Every entry not re-driven yet.")
            boolean all;

            @Option(names = "--entry", paramLabel = "PARTITION:OFFSET", description = "One entry; repeat for several.")
            List<String> entries = new ArrayList<>();
        }

        @Override
        public Integer call() {
            ObjectNode body = AggregatorApi.JSON.createObjectNode();
            if (which.all) {
                body.put("all", true);
            } else {
                ArrayNode entries = body.putArray("entries");
                for (String entry : which.entries) {
                    entries.add(coordinates(entry));
                }
            }
            return Answers.print(api.client(true).post("dlq/redrive", body), System.out, System.err);
        }

        private ObjectNode coordinates(String entry) {
            String[] parts = entry.split(":");
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                return AggregatorApi.JSON.createObjectNode().put("partition", Integer.parseInt(parts[0]))
                        .put("offset", Long.parseLong(parts[1]));
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), "--entry " + entry + ": expected PARTITION:OFFSET, "
                        + "e.g. 0:12");
            }
        }
    }
}
