package dev.tally.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class EpochUnitTest {

    @Test
    void countsBeforeTheEpochAreExactInEveryUnit() {
        assertThat(EpochUnit.MILLISECONDS.instant(-1)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999Z"));
        assertThat(EpochUnit.MICROSECONDS.instant(-1)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertThat(EpochUnit.NANOSECONDS.instant(-1)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999999Z"));
        assertThat(EpochUnit.MICROSECONDS.instant(-2_208_988_799_999_999L))
                .isEqualTo(Instant.parse("1900-01-01T00:00:00.000001Z"));
    }

    @Test
    void countsBefore1973AreReadInTheirUnitWhateverTheirSize() {
        assertThat(EpochUnit.MICROSECONDS.instant(77_536_800_123_456L)).isEqualTo(Instant.parse("1972-06-16T10:00:00.123456Z"));
        assertThat(EpochUnit.MILLISECONDS.instant(77_536_800_123L)).isEqualTo(Instant.parse("1972-06-16T10:00:00.123Z"));
        assertThat(EpochUnit.NANOSECONDS.instant(77_536_800_123_456_789L))
                .isEqualTo(Instant.parse("1972-06-16T10:00:00.123456789Z"));
    }

    @Test
    void everyLongIsAnInstant() {
        assertThat(EpochUnit.MILLISECONDS.instant(Long.MAX_VALUE)).isEqualTo(Instant.ofEpochMilli(Long.MAX_VALUE));
        assertThat(EpochUnit.MILLISECONDS.instant(Long.MIN_VALUE)).isEqualTo(Instant.ofEpochMilli(Long.MIN_VALUE));
        assertThat(EpochUnit.NANOSECONDS.instant(Long.MIN_VALUE)).isEqualTo(Instant.EPOCH.plusNanos(Long.MIN_VALUE));
    }
}
