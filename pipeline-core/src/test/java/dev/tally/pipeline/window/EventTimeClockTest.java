package dev.tally.pipeline.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EventTimeClockTest {

    private static final Window TEN_TO_ELEVEN = new Window(Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-05-01T11:00:00Z"));

    @Test
    void hasNoWatermarkBeforeTheFirstEventAndClosesNothing() {
        EventTimeClock clock = new EventTimeClock(Duration.ofMinutes(5));

        assertThat(clock.watermark()).isEmpty();
        assertThat(clock.isClosed(TEN_TO_ELEVEN)).isFalse();
        assertThat(clock.isExpired(TEN_TO_ELEVEN, Duration.ZERO)).isFalse();
        assertThat(clock.toEpochMillis()).isEqualTo(EventTimeClock.NO_EVENT);
    }

    @Test
    void watermarkIsTheLargestEventTimeSeenMinusGrace() {
        EventTimeClock clock = new EventTimeClock(Duration.ofMinutes(5));

        assertThat(clock.observe(Instant.parse("2024-05-01T10:30:00Z"))).isTrue();
        assertThat(clock.observe(Instant.parse("2024-05-01T10:10:00Z"))).as("an older event does not move it").isFalse();

        assertThat(clock.watermark()).contains(Instant.parse("2024-05-01T10:25:00Z"));
    }

    @Test
    void aWindowClosesWhenTheWatermarkReachesItsEnd() {
        EventTimeClock clock = new EventTimeClock(Duration.ofMinutes(5));
        clock.observe(Instant.parse("2024-05-01T11:04:59.999Z"));
        assertThat(clock.isClosed(TEN_TO_ELEVEN)).isFalse();

        clock.observe(Instant.parse("2024-05-01T11:05:00Z"));
        assertThat(clock.isClosed(TEN_TO_ELEVEN)).isTrue();
    }

    @Test
    void aClosedWindowExpiresAfterItsRetention() {
        EventTimeClock clock = new EventTimeClock(Duration.ZERO);
        clock.observe(Instant.parse("2024-05-01T11:59:59Z"));
        assertThat(clock.isClosed(TEN_TO_ELEVEN)).isTrue();
        assertThat(clock.isExpired(TEN_TO_ELEVEN, Duration.ofHours(1))).isFalse();

        clock.observe(Instant.parse("2024-05-01T12:00:00Z"));
        assertThat(clock.isExpired(TEN_TO_ELEVEN, Duration.ofHours(1))).isTrue();
    }

    @Test
    void subMillisecondEventTimesNeverCloseAWindowEarly() {
        EventTimeClock clock = new EventTimeClock(Duration.ZERO);
        Window endingMidMillisecond = new Window(Instant.parse("2024-05-01T10:00:00Z"), Instant.parse("2024-05-01T11:00:00.000500Z"));
        clock.observe(Instant.parse("2024-05-01T11:00:00.000400Z"));

        assertThat(clock.isClosed(endingMidMillisecond)).isFalse();
        assertThat(clock.isClosed(TEN_TO_ELEVEN)).isTrue();
    }

    @Test
    void worksBefore1970() {
        EventTimeClock clock = new EventTimeClock(Duration.ofSeconds(1));
        Window lastSecondOf1969 = new Window(Instant.parse("1969-12-31T23:59:59Z"), Instant.EPOCH);
        clock.observe(Instant.parse("1960-01-01T00:00:00Z"));
        assertThat(clock.watermark()).contains(Instant.parse("1959-12-31T23:59:59Z"));
        assertThat(clock.isClosed(lastSecondOf1969)).isFalse();

        clock.observe(Instant.parse("1970-01-01T00:00:01Z"));
        assertThat(clock.isClosed(lastSecondOf1969)).isTrue();
    }

    @Test
    void persistsAsTheLargestEventTimeInEpochMillis() {
        EventTimeClock clock = new EventTimeClock(Duration.ofMinutes(5));
        clock.observe(Instant.parse("2024-05-01T11:05:00.123456Z"));

        EventTimeClock restored = EventTimeClock.fromEpochMillis(clock.toEpochMillis(), Duration.ofMinutes(5));

        assertThat(clock.toEpochMillis()).isEqualTo(Instant.parse("2024-05-01T11:05:00.123Z").toEpochMilli());
        assertThat(restored.watermark()).isEqualTo(clock.watermark());
        assertThat(restored.isClosed(TEN_TO_ELEVEN)).isTrue();
        assertThat(restored.observe(Instant.parse("2024-05-01T11:05:00.123Z"))).isFalse();
        assertThat(EventTimeClock.fromEpochMillis(EventTimeClock.NO_EVENT, Duration.ZERO).watermark()).isEmpty();
    }

    @Test
    void rejectsNegativeOrSubMillisecondDurations() {
        assertThatThrownBy(() -> new EventTimeClock(Duration.ofSeconds(-1))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("grace");
        assertThatThrownBy(() -> new EventTimeClock(Duration.ofNanos(10))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EventTimeClock(Duration.ZERO).isExpired(TEN_TO_ELEVEN, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention");
    }
}
