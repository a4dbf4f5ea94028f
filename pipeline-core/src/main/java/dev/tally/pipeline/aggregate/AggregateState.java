package dev.tally.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregates of one group (and window): one accumulator per definition, in declaration order,
 * plus the number of rows currently contributing, whatever the aggregates count.
 *
 * <p>An exception from {@link #apply} or {@link #adjust} means a bug or corrupted state and may
 * leave this state half-changed: discard it and rebuild from the last persisted state.
 */
public final class AggregateState {

    /** The state field of an aggregate that keeps no values of its own. */
    private static final String SAME_VALUES_AS = "sameValuesAs";

    private final List<AggregateDefinition> definitions;
    private final Accumulator[] accumulators;
    /** For each aggregate, the earlier min or max whose values it reads, or -1: those values are kept once. */
    private final int[] sharesValuesOf;
    private long rows;

    private AggregateState(List<AggregateDefinition> definitions, Accumulator[] accumulators, int[] sharesValuesOf,
                           long rows) {
        this.definitions = definitions;
        this.accumulators = accumulators;
        this.sharesValuesOf = sharesValuesOf;
        this.rows = rows;
    }

    /** A state with no rows. */
    public static AggregateState empty(List<AggregateDefinition> definitions) {
        List<AggregateDefinition> defs = checked(definitions);
        int[] shares = sharing(defs);
        Accumulator[] accumulators = new Accumulator[defs.size()];
        for (int i = 0; i < accumulators.length; i++) {
            accumulators[i] = shares[i] >= 0 ? sharedExtreme(defs.get(i), accumulators[shares[i]])
                    : Accumulators.create(defs.get(i).function(), defs.get(i).inputType());
        }
        return new AggregateState(defs, accumulators, shares, 0);
    }

    /**
     * Restores a state from {@link #toState()}; the definitions must be the ones it was made with.
     *
     * @throws IllegalArgumentException if the state does not fit the definitions
     */
    public static AggregateState restore(List<AggregateDefinition> definitions, JsonNode state) {
        List<AggregateDefinition> defs = checked(definitions);
        long rows = StateFields.nonNegativeLong(state, "rows", "aggregate");
        JsonNode aggregates = StateFields.field(state, "aggs", "aggregate");
        if (!aggregates.isObject() || aggregates.size() != defs.size()) {
            throw new IllegalArgumentException("aggregate state must hold exactly the aggregates "
                    + defs.stream().map(AggregateDefinition::name).toList() + ": " + aggregates);
        }
        int[] shares = sharing(defs);
        Accumulator[] accumulators = new Accumulator[defs.size()];
        for (int i = 0; i < accumulators.length; i++) {
            AggregateDefinition def = defs.get(i);
            JsonNode accumulatorState = aggregates.get(def.name());
            if (accumulatorState == null) {
                throw new IllegalArgumentException("aggregate state has no entry for " + def.name() + ": " + aggregates);
            }
            try {
                accumulators[i] = shares[i] >= 0
                        ? restoreShared(def, defs.get(shares[i]), accumulators[shares[i]], accumulatorState)
                        : Accumulators.restore(def.function(), def.inputType(), accumulatorState);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("aggregate " + def.name() + ": " + e.getMessage(), e);
            }
        }
        return new AggregateState(defs, accumulators, shares, rows);
    }

    /**
     * Applies one row change: retracts the {@code before} contribution, then adds the
     * {@code after} one. A contribution maps aggregate names to input values (a missing name
     * counts as null); a null contribution means there is no row on that side: {@code before}
     * is null for an insert, {@code after} for a delete.
     *
     * @throws IllegalStateException if {@code before} retracts something this state never took
     */
    public void apply(Map<String, Object> before, RowRef beforeRow, Map<String, Object> after, RowRef afterRow) {
        if (before != null) {
            if (rows == 0) {
                throw new IllegalStateException("retracting row " + (beforeRow == null ? "?" : beforeRow.rowKey())
                        + " from a group that has no rows; the state is out of step with the rows");
            }
            for (int i = 0; i < accumulators.length; i++) {
                if (sharesValuesOf[i] < 0) {
                    accumulators[i].retract(before.get(definitions.get(i).name()), beforeRow);
                }
            }
            rows--;
        }
        if (after != null) {
            for (int i = 0; i < accumulators.length; i++) {
                if (sharesValuesOf[i] < 0) {
                    accumulators[i].add(after.get(definitions.get(i).name()), afterRow);
                }
            }
            rows++;
        }
    }

    /**
     * Shifts one aggregate by {@code delta} for a compensation, without touching the row count.
     *
     * @throws IllegalArgumentException if there is no such aggregate, its function takes no
     *                                  delta (only count and sum do), or the delta has the wrong type
     */
    public void adjust(String aggregate, Object delta) {
        int i = indexOf(aggregate);
        AggregateFunction function = definitions.get(i).function();
        if (!function.acceptsDelta() || !(accumulators[i] instanceof DeltaAccumulator adjustable)) {
            throw new IllegalArgumentException("aggregate " + aggregate + " is a " + function.yamlName()
                    + ", which cannot be adjusted by a delta: only count and sum can, the others need the rows themselves");
        }
        adjustable.adjust(delta);
    }

    /** The number of rows currently contributing. */
    public long rows() {
        return rows;
    }

    /** Whether no row contributes any more. */
    public boolean isEmpty() {
        return rows == 0;
    }

    public List<AggregateDefinition> definitions() {
        return definitions;
    }

    /** Each aggregate's current result, in declaration order. */
    public Map<String, Object> results() {
        Map<String, Object> results = LinkedHashMap.newLinkedHashMap(accumulators.length);
        for (int i = 0; i < accumulators.length; i++) {
            results.put(definitions.get(i).name(), accumulators[i].result());
        }
        return results;
    }

    /** {@code {"rows": n, "aggs": {name: accumulator state, ...}}}. */
    public JsonNode toState() {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("rows", rows);
        ObjectNode aggregates = state.putObject("aggs");
        for (int i = 0; i < accumulators.length; i++) {
            aggregates.set(definitions.get(i).name(), sharesValuesOf[i] >= 0
                    ? JsonNodeFactory.instance.objectNode().put(SAME_VALUES_AS, definitions.get(sharesValuesOf[i]).name())
                    : accumulators[i].toState());
        }
        return state;
    }

    /**
     * Min and max over the same argument hold the same values: the later of the two reads the
     * earlier's, so a state keeps (and writes) them once.
     */
    private static int[] sharing(List<AggregateDefinition> defs) {
        int[] shares = new int[defs.size()];
        for (int i = 0; i < shares.length; i++) {
            shares[i] = -1;
            AggregateDefinition def = defs.get(i);
            if (!isExtreme(def) || def.argument() == null) {
                continue;
            }
            for (int j = 0; j < i; j++) {
                AggregateDefinition earlier = defs.get(j);
                if (isExtreme(earlier) && shares[j] < 0 && def.argument().equals(earlier.argument())
                        && def.inputType() == earlier.inputType()) {
                    shares[i] = j;
                    break;
                }
            }
        }
        return shares;
    }

    private static boolean isExtreme(AggregateDefinition def) {
        return def.function() == AggregateFunction.MIN || def.function() == AggregateFunction.MAX;
    }

    private static Accumulator sharedExtreme(AggregateDefinition def, Accumulator owner) {
        SortedMultiset values = ((ExtremeAccumulator) owner).values;
        String label = def.function().yamlName() + "(" + def.name() + ")";
        return def.function() == AggregateFunction.MIN ? new MinAccumulator(label, def.inputType(), values)
                : new MaxAccumulator(label, def.inputType(), values);
    }

    private static Accumulator restoreShared(AggregateDefinition def, AggregateDefinition owner, Accumulator restored,
                                             JsonNode state) {
        if (!owner.name().equals(state.path(SAME_VALUES_AS).asText(null))) {
            throw new IllegalArgumentException("expected its values to be those of " + owner.name()
                    + " (" + SAME_VALUES_AS + "), found " + state);
        }
        return sharedExtreme(def, restored);
    }

    private int indexOf(String aggregate) {
        for (int i = 0; i < accumulators.length; i++) {
            if (definitions.get(i).name().equals(aggregate)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no aggregate named " + aggregate + "; there are "
                + definitions.stream().map(AggregateDefinition::name).toList());
    }

    /** Copies unless already immutable, and rejects duplicate names without allocating: states are made per group. */
    private static List<AggregateDefinition> checked(List<AggregateDefinition> definitions) {
        List<AggregateDefinition> defs = List.copyOf(definitions);
        for (int i = 0; i < defs.size(); i++) {
            for (int j = 0; j < i; j++) {
                if (defs.get(i).name().equals(defs.get(j).name())) {
                    throw new IllegalArgumentException("aggregate " + defs.get(i).name() + " is declared twice");
                }
            }
        }
        return defs;
    }
}
