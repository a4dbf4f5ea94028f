package dev.tally.pipeline.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WindowAssignerTest {

    private static WindowAssigner tumbling(Duration size) {
        return WindowAssigner.of(new WindowSpec(WindowType.TUMBLING, size, null, "ts", Duration.ZERO, Duration.ZERO));
    }

    private static WindowAssigner hopping(Duration size, Duration advance) {
        return WindowAssigner.of(new WindowSpec(WindowType.HOPPING, size, advance, "ts", Duration.ZERO, Duration.ZERO));
    }

    private static Window window(String start, String end) {
        return new Window(Instant.parse(start), Instant.parse(end));
    }

    @Test
    void tumblingWindowsAreAlignedToTheEpoch() {
        assertThat(tumbling(Duration.ofHours(1)).windowsFor(Instant.parse("2024-05-01T10:17:42.5Z")))
                .containsExactly(window("2024-05-01T10:00:00Z", "2024-05-01T11:00:00Z"));
    }

    @Test
    void anEventExactlyAtAWindowStartBelongsToThatWindowNotThePreviousOne() {
        WindowAssigner assigner = tumbling(Duration.ofMinutes(5));

        assertThat(assigner.windowsFor(Instant.parse("2024-05-01T10:05:00Z")))
                .containsExactly(window("2024-05-01T10:05:00Z", "2024-05-01T10:10:00Z"));
        assertThat(assigner.windowsFor(Instant.parse("2024-05-01T10:04:59.999999999Z")))
                .containsExactly(window("2024-05-01T10:00:00Z", "2024-05-01T10:05:00Z"));
    }

    @Test
    void eventsBefore1970FallInTheWindowThatContainsThem() {
        WindowAssigner assigner = tumbling(Duration.ofDays(1));

        assertThat(assigner.windowsFor(Instant.parse("1969-12-31T23:59:59.999Z")))
                .containsExactly(window("1969-12-31T00:00:00Z", "1970-01-01T00:00:00Z"));
        assertThat(assigner.windowsFor(Instant.parse("1969-12-31T00:00:00Z")))
                .containsExactly(window("1969-12-31T00:00:00Z", "1970-01-01T00:00:00Z"));
        assertThat(assigner.windowsFor(Instant.parse("1969-12-30T23:59:59.999999999Z")))
                .containsExactly(window("1969-12-30T00:00:00Z", "1969-12-31T00:00:00Z"));
    }

    @Test
    void hoppingWindowsReturnEveryWindowContainingTheEventInStartOrder() {
        WindowAssigner assigner = hopping(Duration.ofMinutes(10), Duration.ofMinutes(5));

        assertThat(assigner.windowsFor(Instant.parse("2024-05-01T10:07:00Z"))).containsExactly(
                window("2024-05-01T10:00:00Z", "2024-05-01T10:10:00Z"),
                window("2024-05-01T10:05:00Z", "2024-05-01T10:15:00Z"));
    }

    @Test
    void aHoppingEventAtAWindowStartIsInThatWindowAndNotInTheOneEndingThere() {
        WindowAssigner assigner = hopping(Duration.ofMinutes(15), Duration.ofMinutes(5));

        assertThat(assigner.windowsFor(Instant.parse("2024-05-01T10:15:00Z"))).containsExactly(
                window("2024-05-01T10:05:00Z", "2024-05-01T10:20:00Z"),
                window("2024-05-01T10:10:00Z", "2024-05-01T10:25:00Z"),
                window("2024-05-01T10:15:00Z", "2024-05-01T10:30:00Z"));
    }

    @Test
    void hoppingWindowsBefore1970() {
        WindowAssigner assigner = hopping(Duration.ofSeconds(10), Duration.ofSeconds(5));

        assertThat(assigner.windowsFor(Instant.parse("1969-12-31T23:59:58Z"))).containsExactly(
                window("1969-12-31T23:59:50Z", "1970-01-01T00:00:00Z"),
                window("1969-12-31T23:59:55Z", "1970-01-01T00:00:05Z"));
    }

    @Test
    void aHoppingWindowAdvancingByItsSizeIsATumblingWindow() {
        Instant t = Instant.parse("2024-05-01T10:17:42Z");

        assertThat(hopping(Duration.ofMinutes(5), Duration.ofMinutes(5)).windowsFor(t))
                .isEqualTo(tumbling(Duration.ofMinutes(5)).windowsFor(t));
    }

    @Test
    void tumblingWindowsMayStateTheirSizeAsAdvance() {
        WindowAssigner assigner = WindowAssigner.of(
                new WindowSpec(WindowType.TUMBLING, Duration.ofMinutes(1), Duration.ofMinutes(1), "ts", Duration.ZERO, Duration.ZERO));

        assertThat(assigner.advance()).isEqualTo(Duration.ofMinutes(1));
        assertThat(assigner.size()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void rejectsWindowsThatCannotBeAssignedSayingWhy() {
        assertThatThrownBy(() -> tumbling(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> tumbling(Duration.ofMinutes(-1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tumbling(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size is missing");
        assertThatThrownBy(() -> WindowAssigner.of(
                new WindowSpec(WindowType.TUMBLING, Duration.ofMinutes(10), Duration.ofMinutes(5), "ts", Duration.ZERO, Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hopping");
        assertThatThrownBy(() -> hopping(Duration.ofMinutes(10), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("advance must be positive");
        assertThatThrownBy(() -> hopping(Duration.ofMinutes(10), Duration.ofMinutes(20)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most its size");
        assertThatThrownBy(() -> hopping(Duration.ofMinutes(10), Duration.ofMinutes(3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("multiple of its advance");
        assertThatThrownBy(() -> hopping(Duration.ofMinutes(10), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("advance is missing");
        assertThatThrownBy(() -> tumbling(Duration.ofNanos(1_500_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number of milliseconds");
    }
}
