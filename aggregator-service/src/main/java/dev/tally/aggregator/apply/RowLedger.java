package dev.tally.aggregator.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tally.aggregator.store.RebuildStore;
import dev.tally.aggregator.store.RebuildStore.LedgerSlot;
import dev.tally.pipeline.event.ChangeEvent;
import dev.tally.pipeline.event.PipelineJson;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * While a rebuild runs, what each source row counts in each aggregate ({@code tally_rebuild_row}). The
 * aggregates were emptied when the rebuild began, and the snapshot's reads arrive interleaved with live
 * changes in any order a row allows: a change's own {@code before} may be something never counted again,
 * and a read may repeat what a change already counted. So each event retracts what its row counts now
 * in its aggregate, whatever the event says it was, and its {@code after} becomes what the row counts.
 */
final class RowLedger {

    private RowLedger() {
    }

    /**
     * The events (new ones only, in record order) with {@code before} replaced by what their row counts
     * in their aggregate now; events that then change nothing
     * are left out. Records what each row counts after them, in the same transaction.
     */
    static Uni<List<PendingEvent>> rewrite(Mutiny.Session session, String pipeline, PipelineJson json,
                                                  List<PendingEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        Set<LedgerSlot> touched = new LinkedHashSet<>();
        events.forEach(pending -> touched.add(slot(pending.event())));
        return RebuildStore.ledger(session, pipeline, touched).chain(stored -> {
            Map<LedgerSlot, JsonNode> counted = new LinkedHashMap<>();
            touched.forEach(slot -> counted.put(slot, stored.get(slot)));
            List<PendingEvent> rewritten = new ArrayList<>(events.size());
            for (PendingEvent pending : events) {
                ChangeEvent event = pending.event();
                LedgerSlot slot = slot(event);
                JsonNode now = counted.get(slot);
                counted.put(slot, event.after() == null ? null : json.contribution(event.after()));
                if (now != null || event.after() != null) {
                    Map<String, Object> before = now == null ? null : json.readContribution(now);
                    rewritten.add(new PendingEvent(pending.record(), event.withBefore(before)));
                }
            }
            return RebuildStore.writeLedger(session, pipeline, counted).replaceWith(rewritten);
        });
    }

    private static LedgerSlot slot(ChangeEvent event) {
        return new LedgerSlot(event.aggregateId(), event.rowKey());
    }
}
