package dev.tally.bench.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

class TimelineTest {

    @Test
    void printsEachCounterRelativeToItsFirstValue() throws Exception {
        AtomicLong raw = new AtomicLong(1_000);
        Map<String, LongSupplier> counters = new LinkedHashMap<>();
        counters.put("raw", raw::get);
        counters.put("constant", () -> 42);
        Timeline timeline = Timeline.start(counters, 5);
        for (int i = 0; i < 20 && raw.get() < 1_007; i++) {
            Thread.sleep(10);
            raw.incrementAndGet();
        }
        Thread.sleep(50);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        timeline.print(new PrintStream(out, true, StandardCharsets.UTF_8));

        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines[0].trim().split("\\s+")).containsExactly("ms", "raw", "constant");
        String[] last = lines[lines.length - 1].trim().split("\\s+");
        assertThat(last[1]).isEqualTo("7");
        assertThat(last[2]).isEqualTo("0");
    }
}
