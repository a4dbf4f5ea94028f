package dev.tally.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.cdc.Operation;
import dev.tally.pipeline.cdc.PostgresPosition;
import dev.tally.pipeline.cdc.RowChange;
import dev.tally.pipeline.cdc.TableId;
import dev.tally.pipeline.load.CompiledPipeline;
import dev.tally.pipeline.load.PipelineLoader;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A timestamp column that arrives as a number (Debezium without schemas, or a posted event) is read in the unit its
 * source is known to send, never guessed from its size.
 */
class TimestampNumbersTest {

    private static final TableId READINGS = new TableId("plant", "public", "meter_reading");
    private static final Instant COMMIT = Instant.parse("2026-12-07T10:00:00Z");
    /** 1972-06-16T10:00:00.123456Z in microseconds, as Debezium sends a PostgreSQL {@code timestamp} by default. */
    private static final long MICROS_1972 = 77_536_800_123_456L;

    private final CompiledPipeline pipeline = load();

    @Test
    void aMicrosecondTimestampBefore1973WithoutSchemaIsNotReadAsMilliseconds() {
        ChangeMapper mapper = new ChangeMapper(pipeline);

        assertThatThrownBy(() -> mapper.map("plant-a", insert(MICROS_1972)))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("column 'ts' of public.meter_reading (after): 77536800123456 (Long) is a number")
                .hasMessageContaining("value.converter.schemas.enable: true, or time.precision.mode: connect");
    }

    @Test
    void aNumberOfASourceWhoseUnitIsKnownIsReadInThatUnitBeforeAndAfter1970() throws Exception {
        ChangeMapper mapper = new ChangeMapper(pipeline, Clock.systemUTC(), Map.of("plant-a", EpochUnit.MILLISECONDS));

        assertThat(lastRead(mapper.map("plant-a", insert(77_536_800_123L))))
                .isEqualTo(Instant.parse("1972-06-16T10:00:00.123Z"));
        assertThat(lastRead(mapper.map("plant-a", insert(-1L)))).isEqualTo(Instant.parse("1969-12-31T23:59:59.999Z"));
        assertThat(lastRead(mapper.map("plant-a", insert(-2_208_988_800_000L))))
                .isEqualTo(Instant.parse("1900-01-01T00:00:00Z"));
        assertThat(lastRead(mapper.map("plant-a", insert(1_795_428_902_123L))))
                .as("and a recent one in the same unit").isEqualTo(Instant.parse("2026-11-23T10:15:02.123Z"));
    }

    @Test
    void aNumberPostedToAnHttpSourceIsEpochMilliseconds() throws Exception {
        ChangeMapper mapper = new ChangeMapper(pipeline);

        assertThat(lastRead(mapper.map("posted", insert(77_536_800_123L))))
                .isEqualTo(Instant.parse("1972-06-16T10:00:00.123Z"));
        assertThat(lastRead(mapper.map("posted", insert(-86_400_000L)))).isEqualTo(Instant.parse("1969-12-31T00:00:00Z"));
    }

    @Test
    void textAndTimestampsDecodedFromASchemaNeedNoUnit() throws Exception {
        ChangeMapper mapper = new ChangeMapper(pipeline);

        assertThat(lastRead(mapper.map("plant-a", insert("1972-06-16T10:00:00.123456Z"))))
                .isEqualTo(Instant.parse("1972-06-16T10:00:00.123456Z"));
        assertThat(lastRead(mapper.map("plant-a", insert(Instant.parse("1969-12-31T23:59:59.999999Z")))))
                .as("a MicroTimestamp the decoder read by its schema").isEqualTo(Instant.parse("1969-12-31T23:59:59.999999Z"));
    }

    private static RowChange insert(Object ts) {
        return new RowChange(Operation.CREATE, READINGS, Map.of("meter_id", 1L), null,
                Map.of("meter_id", 1L, "ts", ts), COMMIT, new PostgresPosition(100L, 1L, 90L), false);
    }

    private static CompiledPipeline load() {
        try {
            return new PipelineLoader().load("""
                    name: readings
                    sources:
                      - name: plant-a
                        type: postgres
                        connector: plant-a-source
                        table: public.meter_reading
                        columns: { meter_id: long, ts: timestamp }
                        fields: { meter_id: meter_id, read_at: ts }
                      - name: posted
                        type: http
                        columns: { meter_id: long, ts: timestamp }
                        fields: { meter_id: meter_id, read_at: ts }
                    groupBy: [meter_id]
                    aggregates: { last_read: latest(read_at) }
                    """, "readings.yaml");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Instant lastRead(List<ChangeEvent> events) {
        return (Instant) events.getFirst().after().get("last_read");
    }
}
