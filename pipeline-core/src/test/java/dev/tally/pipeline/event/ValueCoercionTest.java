package dev.tally.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.model.ValueType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ValueCoercionTest {

    @Test
    void readsWhatDebeziumSendsWithoutSchemas() {
        assertThat(ValueCoercion.coerce("12.50", ValueType.DECIMAL, null)).isEqualTo(new BigDecimal("12.50"));
        assertThat(ValueCoercion.coerce("2026-11-24T10:15:00.123456Z", ValueType.TIMESTAMP, null))
                .isEqualTo(Instant.parse("2026-11-24T10:15:00.123456Z"));
        assertThat(ValueCoercion.coerce(1_764_000_000_123_456L, ValueType.TIMESTAMP, EpochUnit.MICROSECONDS))
                .isEqualTo(Instant.parse("2025-11-24T16:00:00.123456Z"));
        assertThat(ValueCoercion.coerce(1_764_000_000_123L, ValueType.TIMESTAMP, EpochUnit.MILLISECONDS))
                .isEqualTo(Instant.parse("2025-11-24T16:00:00.123Z"));
        assertThat(ValueCoercion.coerce(20_416L, ValueType.DATE, null)).isEqualTo(LocalDate.of(2025, 11, 24));
        assertThat(ValueCoercion.coerce(new BigDecimal("7"), ValueType.LONG, null)).isEqualTo(7L);
        assertThat(ValueCoercion.coerce(1, ValueType.BOOLEAN, null)).isEqualTo(true);
    }

    @Test
    void aTimestampNumberIsReadInTheGivenUnitNeverByItsSize() {
        long microsIn1972 = 77_536_800_123_456L;

        assertThat(ValueCoercion.coerce(microsIn1972, ValueType.TIMESTAMP, EpochUnit.MICROSECONDS))
                .isEqualTo(Instant.parse("1972-06-16T10:00:00.123456Z"));
        assertThat(ValueCoercion.coerce(-1L, ValueType.TIMESTAMP, EpochUnit.MICROSECONDS))
                .isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
        assertThatThrownBy(() -> ValueCoercion.coerce(microsIn1972, ValueType.TIMESTAMP, null))
                .hasMessageStartingWith("77536800123456 (Long) is a number, and the unit of this source's timestamp "
                        + "numbers is not known");
        assertThatThrownBy(() -> ValueCoercion.coerce(new BigDecimal("1.5"), ValueType.TIMESTAMP, EpochUnit.MILLISECONDS))
                .hasMessage("1.5 (BigDecimal) is not a timestamp");
    }

    @Test
    void refusesValuesThatDoNotFitNamingThem() {
        assertThatThrownBy(() -> ValueCoercion.coerce("abc", ValueType.LONG, null)).hasMessage("'abc' (String) is not a long");
        assertThatThrownBy(() -> ValueCoercion.coerce(new BigDecimal("7.5"), ValueType.LONG, null))
                .hasMessageContaining("is not a long");
    }

    @Test
    void refusesADayCountBeyondTheDatesThereAre() {
        // Found by DebeziumRecordFuzzTest: LocalDate.ofEpochDay threw a DateTimeException out of the mapper.
        assertThatThrownBy(() -> ValueCoercion.coerce(-99_999_999_999_920_782L, ValueType.DATE, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("-99999999999920782 (Long) is not a date");
    }

    @Test
    void refusesDecimalsWhoseTextWouldBeHuge() {
        assertThatThrownBy(() -> ValueCoercion.coerce("1e999999999", ValueType.DECIMAL, null))
                .hasMessageContaining("out of range");
    }
}
