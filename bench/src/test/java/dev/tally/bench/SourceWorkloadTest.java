package dev.tally.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SourceWorkloadTest {

    @Test
    void aSplitGivesEveryRowToExactlyOnePartAndEachPartItsOwnNewIds() {
        SourceWorkload workload = new SourceWorkload(new BenchSettings(1_000, 10, 50, 35, 15, 100, 1, 100, 7), 7);
        workload.adopt(LongStream.rangeClosed(1, 1_000).filter(id -> id % 7 != 0).boxed().toList());

        List<SourceWorkload> parts = workload.split(4);

        List<Long> all = new ArrayList<>();
        for (int i = 0; i < parts.size(); i++) {
            int residue = i;
            assertThat(parts.get(i).rows()).allMatch(id -> id % 4 == residue);
            all.addAll(parts.get(i).rows());
        }
        assertThat(all).containsExactlyInAnyOrderElementsOf(workload.rows());
        Set<Long> created = new HashSet<>();
        for (SourceWorkload part : parts) {
            for (int n = 0; n < 100; n++) {
                long id = part.newId();
                assertThat(id).isGreaterThan(1_000);
                assertThat(created.add(id)).as("id %d created by two parts", id).isTrue();
            }
        }
    }
}
