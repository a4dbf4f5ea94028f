package dev.tally.pipeline.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tally.pipeline.cdc.Operation;
import dev.tally.pipeline.cdc.PostgresPosition;
import dev.tally.pipeline.cdc.RowChange;
import dev.tally.pipeline.cdc.TableId;
import dev.tally.pipeline.load.PipelineLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group keys and inputs the store and the sinks cannot hold are refused with the reason, before they reach them. */
class UnstorableValuesTest {

    private static final TableId READINGS = new TableId("plant", "public", "meter_reading");
    private static final Instant COMMIT = Instant.parse("2026-12-07T10:00:00Z");

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");

    private final ChangeMapper readings = mapper("src/test/resources/pipelines/meter-readings.yaml");

    @Test
    void anEventTimeInTheYear200000IsRefusedBeforeItReachesAWindow() {
        assertThatThrownBy(() -> readings.map("plant-a", insert(reading(1, "north", "+200000-01-01T00:00:00Z"))))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("event time field 'read_at' is +200000-01-01T00:00:00Z, outside the years 1 to 9999");
    }

    @Test
    void anEventTimeMoreThanTheWindowsFutureAheadOfNowIsRefused() throws Exception {
        assertThat(readings.map("plant-a", insert(reading(1, "north", "2026-12-08T09:59:59Z")))).hasSize(1);
        assertThatThrownBy(() -> readings.map("plant-a", insert(reading(1, "north", "2026-12-08T10:00:01Z"))))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("event time field 'read_at' is 2026-12-08T10:00:01Z, more than 1d ahead of now "
                        + "(2026-12-07T10:00:00Z)")
                .hasMessageContaining("raise window.future");
        // Far in the past is not a problem: late changes are the window's late policy's business.
        assertThat(readings.map("plant-a", insert(reading(1, "north", "1961-04-12T06:07:00Z")))).hasSize(1);
    }

    @Test
    void theFutureBoundIsAWindowOption(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("meter-readings.yaml");
        Files.writeString(file, Files.readString(Path.of("src/test/resources/pipelines/meter-readings.yaml"))
                .replace("retention: 30d }", "retention: 30d, future: 400d }"));
        ChangeMapper lenient = new ChangeMapper(new PipelineLoader().load(file), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(lenient.map("plant-a", insert(reading(1, "north", "2027-12-07T10:00:00Z")))).hasSize(1);
    }

    @Test
    void aTimestampInputOutsideTheYearsSinksHoldIsRefused() {
        assertThat(StorableValues.problem(List.of("site"), new GroupKey(List.of("a")),
                Map.of("last_read", Instant.parse("+10000-01-01T00:00:00Z"))))
                .hasValueSatisfying(reason -> assertThat(reason).contains("aggregate 'last_read' is +10000-01-01T00:00:00Z"));
    }

    @Test
    void aNulInAGroupKeyIsRefused() {
        assertThatThrownBy(() -> readings.map("plant-a", insert(reading(1, "site\u0000a"))))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("group key field 'site' holds U+0000 (NUL)")
                .hasMessageContaining("after image of row public.meter_reading|meter_id=1");
    }

    @Test
    void aNulInTheOldRowOfAnUpdateIsRefusedToo() {
        RowChange update = new RowChange(Operation.UPDATE, READINGS, Map.of("meter_id", 1L), reading(1, "a\u0000"),
                reading(1, "a"), COMMIT, new PostgresPosition(10, 11L), false);

        assertThatThrownBy(() -> readings.map("plant-a", update)).isInstanceOf(MappingException.class)
                .hasMessageContaining("U+0000").hasMessageContaining("before image");
    }

    @Test
    void aKeyOfThreeHundredCharactersIsKeptAndOnePastTheLimitIsRefused() throws Exception {
        String longSite = "s".repeat(300);
        assertThat(readings.map("plant-a", insert(reading(1, longSite)))).singleElement()
                .satisfies(e -> assertThat(e.key().values()).containsExactly(longSite));

        // ["…"]: the brackets and quotes take four bytes.
        String atLimit = "s".repeat(StorableValues.MAX_GROUP_KEY_BYTES - 4);
        assertThat(readings.map("plant-a", insert(reading(1, atLimit)))).hasSize(1);
        assertThatThrownBy(() -> readings.map("plant-a", insert(reading(1, atLimit + "s"))))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("the group key takes 1025 bytes as JSON, more than the 1024");
    }

    @Test
    void theLimitCountsUtf8BytesNotCharacters() {
        // 342 three-byte characters: 1,026 bytes, 344 characters with the brackets and quotes.
        String site = "€".repeat(342);
        assertThatThrownBy(() -> readings.map("plant-a", insert(reading(1, site))))
                .isInstanceOf(MappingException.class).hasMessageContaining("1030 bytes");
    }

    @Test
    void aNulInAStringInputIsRefused() {
        assertThat(StorableValues.problem(List.of("site"), new GroupKey(List.of("a")), Map.of("last_note", "x\u0000")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("aggregate 'last_note' holds U+0000"));
        assertThat(StorableValues.problem(List.of("site"), new GroupKey(List.of("a")), Map.of("last_note", "x")))
                .isEmpty();
    }

    private static RowChange insert(Map<String, Object> row) {
        return new RowChange(Operation.CREATE, READINGS, Map.of("meter_id", row.get("meter_id")), null, row, COMMIT,
                new PostgresPosition(10, 11L), false);
    }

    private static Map<String, Object> reading(long meter, String site) {
        return reading(meter, site, "2026-12-07T09:30:00Z");
    }

    private static Map<String, Object> reading(long meter, String site, String ts) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("meter_id", meter);
        row.put("site_code", site);
        row.put("reading_wh", 1500L);
        row.put("ts", ts);
        row.put("status", "ok");
        return row;
    }

    private static ChangeMapper mapper(String file) {
        try {
            return new ChangeMapper(new PipelineLoader().load(Path.of(file)), Clock.fixed(NOW, ZoneOffset.UTC));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
