package dev.tally.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The hand-written reading of Debezium's UTC timestamps gives what java.time's parser gives, or leaves the text to it. */
class UtcTimestampParsingPropertyTest {

    @Property(tries = 2000)
    void readsEveryFractionLengthAsJavaTimeDoes(@ForAll @LongRange(min = 0, max = 253_402_300_799L) long second,
                                                @ForAll @IntRange(min = 0, max = 999_999_999) int nanos,
                                                @ForAll @IntRange(min = 0, max = 9) int digits) {
        Instant instant = Instant.ofEpochSecond(second, nanos - nanos % (int) Math.pow(10, 9 - digits));
        String pattern = "yyyy-MM-dd'T'HH:mm:ss" + (digits == 0 ? "" : "." + "S".repeat(digits)) + "'Z'";
        String text = DateTimeFormatter.ofPattern(pattern).withZone(ZoneOffset.UTC).format(instant);

        assertThat(UtcTimestamps.parseUtc(text)).isEqualTo(OffsetDateTime.parse(text).toInstant()).isEqualTo(instant);
    }

    @Property(tries = 2000)
    void readsWhatInstantWritesAsInstantReadsIt(@ForAll @LongRange(min = -62_135_596_800L, max = 400_000_000_000L)
                                                long second, @ForAll @IntRange(min = 0, max = 999_999_999) int nanos) {
        String text = Instant.ofEpochSecond(second, nanos).toString();

        assertThat(UtcTimestamps.parse(text)).isEqualTo(Instant.parse(text));
    }

    @Example
    void leavesOtherFormsAndImpossibleDatesToJavaTime() {
        assertThat(UtcTimestamps.parseUtc("2026-12-05T08:14:03+01:00")).isNull();
        assertThat(UtcTimestamps.parseUtc("2026-02-30T08:14:03Z")).isNull();
        assertThat(UtcTimestamps.parseUtc("2026-12-05T24:00:00Z")).isNull();
        assertThat(UtcTimestamps.parseUtc("2026-12-05T08:14:03.Z")).isNull();
        assertThat(UtcTimestamps.parseUtc("2026-12-05T08:14:03.1234567890Z")).isNull();
        assertThat(UtcTimestamps.parseUtc("2026-12-05 08:14:03.5Z")).isEqualTo(Instant.parse("2026-12-05T08:14:03.500Z"));
    }

    @Example
    void parseRefusesWhatInstantRefuses() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UtcTimestamps.parse("2026-12-05 08:14:03Z"))
                .isInstanceOf(java.time.format.DateTimeParseException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> UtcTimestamps.parse("2026-02-30T08:14:03Z"))
                .isInstanceOf(java.time.format.DateTimeParseException.class);
    }
}
