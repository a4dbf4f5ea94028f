package dev.tally.pipeline.window;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/** Hopping assignment returns exactly the epoch-aligned windows that contain an event, before and after 1970. */
class WindowAssignerPropertyTest {

    @Property
    void returnsExactlyTheAlignedWindowsContainingTheEvent(
            @ForAll @LongRange(min = -4_000_000_000_000L, max = 4_000_000_000_000L) long epochNanos,
            @ForAll @LongRange(min = 1, max = 5_000) long advanceMillis,
            @ForAll @LongRange(min = 1, max = 6) long windowsPerEvent) {
        Instant t = Instant.EPOCH.plusNanos(epochNanos * 1_000);
        Duration advance = Duration.ofMillis(advanceMillis);
        Duration size = advance.multipliedBy(windowsPerEvent);
        List<Window> windows = WindowAssigner.of(new WindowSpec(WindowType.HOPPING, size, advance, "ts", Duration.ZERO, Duration.ZERO))
                .windowsFor(t);

        assertThat(windows).hasSize((int) windowsPerEvent).isSorted();
        for (Window w : windows) {
            assertThat(w.contains(t)).as("%s contains %s", w, t).isTrue();
            assertThat(Duration.between(w.start(), w.end())).isEqualTo(size);
            assertThat(Math.floorMod(w.start().toEpochMilli(), advanceMillis)).isZero();
            assertThat(w.start().getNano() % 1_000_000).isZero();
        }
        Window first = windows.get(0);
        Window last = windows.get(windows.size() - 1);
        assertThat(first.start().minus(advance).plus(size)).as("the window before the first ends at or before t").isBeforeOrEqualTo(t);
        assertThat(last.start().plus(advance)).as("the window after the last starts after t").isAfter(t);
    }
}
