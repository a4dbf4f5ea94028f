package dev.tally.pipeline.cdc;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

class DecoderSharingTest {

    private static final List<String> FIXTURES = List.of(
            "postgresql/insert", "postgresql/with-schema/update", "mysql/delete", "mariadb/update",
            "sqlserver/snapshot-read", "oracle/insert");

    @Test
    void oneDecoderServesManyThreadsWithTheSameResults() throws Exception {
        DebeziumEnvelopeDecoder shared = new DebeziumEnvelopeDecoder();
        List<RowChange> expected = new ArrayList<>();
        for (String fixture : FIXTURES) {
            expected.add(DebeziumFixtures.decode(fixture));
        }

        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<List<RowChange>>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit(() -> {
                    List<RowChange> decoded = new ArrayList<>();
                    for (int round = 0; round < 200; round++) {
                        decoded.clear();
                        for (String fixture : FIXTURES) {
                            decoded.add(shared.decode(DebeziumFixtures.key(fixture), DebeziumFixtures.value(fixture)));
                        }
                    }
                    return decoded;
                }));
            }
            for (Future<List<RowChange>> result : results) {
                assertThat(result.get()).isEqualTo(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
