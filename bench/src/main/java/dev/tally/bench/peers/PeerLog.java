package dev.tally.bench.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a peer process says of its own start-up, as lines {@code "<peer>: <event> <n> ms after start"} in its log. */
public final class PeerLog {

    private PeerLog() {
    }

    /** Seconds from the peer's start to {@code event} (e.g. "RUNNING"), or NaN when its log does not say. */
    public static double secondsTo(Path log, String event) {
        try {
            Matcher matcher = Pattern.compile(Pattern.quote(event) + " (\\d+) ms after start")
                    .matcher(Files.readString(log));
            return matcher.find() ? Long.parseLong(matcher.group(1)) / 1000.0 : Double.NaN;
        } catch (IOException e) {
            return Double.NaN;
        }
    }
}
