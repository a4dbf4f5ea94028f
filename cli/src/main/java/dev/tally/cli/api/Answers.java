package dev.tally.cli.api;

import java.io.PrintStream;

/** Prints an API answer: the JSON on standard output when it succeeded, the reason on standard error when not. */
final class Answers {

    private Answers() {
    }

    /** @return the command's exit code: 0 for a 2xx answer, 1 otherwise */
    static int print(AggregatorApi.Answer answer, PrintStream out, PrintStream err) {
        if (answer.ok()) {
            out.println(answer.body().toPrettyString());
            return 0;
        }
        err.println("tally: " + answer.status() + " " + answer.error());
        return 1;
    }
}
