package dev.tally.pipeline.aggregate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The aggregates of one group (and window): one accumulator per definition, in declaration order,
 * plus the number of rows currently contributing, whatever the aggregates count.
 *
 * <p>It persists in two parts: a small document ({@link #toState()}: the row count, counts, sums, and for each min or
 * max only how many distinct values it holds), and the values of mins and maxes as one {@link ValueCount} each,
 * of which a batch writes only those whose multiplicity changed ({@link #takeValueChanges()}). A group's state then
 * costs a write in proportion to what its changes touched, not to how many values it holds.
 *
 * <p>An exception from {@link #apply} or {@link #adjust} means a bug or corrupted state and may
 * leave this state half-changed: discard it and rebuild from the last persisted state.
 */
public final class AggregateState {

    /** The state field of an aggregate that keeps no values of its own. */
    private static final String SAME_VALUES_AS = "sameValuesAs";
    /** The state field of a min or max whose values are kept apart, as {@link ValueCount}s: how many there are. */
    private static final String DISTINCT = "distinct";

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
     * Restores a state from {@link #toState()} alone: for aggregates without min or max, or a state written with
     * their values inline (before values were kept apart).
     *
     * @throws IllegalArgumentException if the state does not fit the definitions
     */
    public static AggregateState restore(List<AggregateDefinition> definitions, JsonNode state) {
        return restore(definitions, state, List.of());
    }

    /**
     * Restores a state from {@link #toState()} and the values its mins and maxes hold; the definitions must be the
     * ones it was made with. Values of a state written inline count as changed, so the next write keeps them apart.
     *
     * @param values every value the store keeps for this aggregate
     * @throws IllegalArgumentException if the state or the values do not fit the definitions, or each other
     */
    public static AggregateState restore(List<AggregateDefinition> definitions, JsonNode state,
                                         Collection<ValueCount> values) {
        List<AggregateDefinition> defs = checked(definitions);
        long rows = StateFields.nonNegativeLong(state, "rows", "aggregate");
        JsonNode aggregates = StateFields.field(state, "aggs", "aggregate");
        if (!aggregates.isObject() || aggregates.size() != defs.size()) {
            throw new IllegalArgumentException("aggregate state must hold exactly the aggregates "
                    + defs.stream().map(AggregateDefinition::name).toList() + ": " + aggregates);
        }
        Map<String, List<ValueCount>> valuesBySlot = bySlot(values);
        int[] shares = sharing(defs);
        Accumulator[] accumulators = new Accumulator[defs.size()];
        for (int i = 0; i < accumulators.length; i++) {
            AggregateDefinition def = defs.get(i);
            JsonNode accumulatorState = aggregates.get(def.name());
            if (accumulatorState == null) {
                throw new IllegalArgumentException("aggregate state has no entry for " + def.name() + ": " + aggregates);
            }
            try {
                if (shares[i] >= 0) {
                    accumulators[i] = restoreShared(def, defs.get(shares[i]), accumulators[shares[i]], accumulatorState);
                } else if (isExtreme(def) && accumulatorState.has(DISTINCT)) {
                    accumulators[i] = restoreExtreme(def, accumulatorState,
                            valuesBySlot.getOrDefault(def.name(), List.of()));
                } else {
                    accumulators[i] = Accumulators.restore(def.function(), def.inputType(), accumulatorState);
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("aggregate " + def.name() + ": " + e.getMessage(), e);
            }
            valuesBySlot.remove(def.name());
        }
        if (!valuesBySlot.isEmpty()) {
            throw new IllegalArgumentException("the store keeps values for " + valuesBySlot.keySet()
                    + ", which are not mins or maxes keeping their values apart in this state");
        }
        return new AggregateState(defs, accumulators, shares, rows);
    }

    private static Map<String, List<ValueCount>> bySlot(Collection<ValueCount> values) {
        Map<String, List<ValueCount>> bySlot = new HashMap<>();
        for (ValueCount value : values) {
            bySlot.computeIfAbsent(value.slot(), slot -> new ArrayList<>()).add(value);
        }
        return bySlot;
    }

    private static Accumulator restoreExtreme(AggregateDefinition def, JsonNode state, List<ValueCount> values) {
        long distinct = StateFields.nonNegativeLong(state, DISTINCT, def.name());
        if (distinct != values.size()) {
            throw new IllegalArgumentException("the state says it holds " + distinct + " distinct values, the store "
                    + "keeps " + values.size() + "; the state is out of step with its values");
        }
        String label = Inputs.label(def.function(), def.inputType());
        return extreme(def, label, SortedMultiset.restore(def.inputType(), values, label));
    }

    /** The min or max of {@code def} over {@code values}. */
    private static Accumulator extreme(AggregateDefinition def, String label, SortedMultiset values) {
        return def.function() == AggregateFunction.MIN ? new MinAccumulator(label, def.inputType(), values)
                : new MaxAccumulator(label, def.inputType(), values);
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

    /**
     * {@code {"rows": n, "aggs": {name: accumulator state, ...}}}, where a min or max says only how many distinct
     * values it holds ({@code {"distinct": n}}): the values themselves are {@link #values()}.
     */
    public JsonNode toState() {
        ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.put("rows", rows);
        ObjectNode aggregates = state.putObject("aggs");
        for (int i = 0; i < accumulators.length; i++) {
            JsonNode accumulatorState;
            if (sharesValuesOf[i] >= 0) {
                accumulatorState = JsonNodeFactory.instance.objectNode()
                        .put(SAME_VALUES_AS, definitions.get(sharesValuesOf[i]).name());
            } else if (ownValues(i) != null) {
                accumulatorState = JsonNodeFactory.instance.objectNode().put(DISTINCT, ownValues(i).size());
            } else {
                accumulatorState = accumulators[i].toState();
            }
            aggregates.set(definitions.get(i).name(), accumulatorState);
        }
        return state;
    }

    /**
     * The values of mins and maxes whose multiplicity changed since this state was made, restored or last asked
     * (0: the value is gone), and forgets them: what a write of this version adds to the stored values.
     */
    public List<ValueCount> takeValueChanges() {
        List<ValueCount> changes = new ArrayList<>();
        for (int i = 0; i < accumulators.length; i++) {
            if (ownValues(i) != null) {
                changes.addAll(ownValues(i).takeChanges(definitions.get(i).name()));
            }
        }
        return changes;
    }

    /** How many values the mins and maxes hold: the size of {@link #values()}, without making it. */
    public int valueCount() {
        int count = 0;
        for (int i = 0; i < accumulators.length; i++) {
            if (ownValues(i) != null) {
                count += ownValues(i).size();
            }
        }
        return count;
    }

    /**
     * How many values the state holds in memory: the distinct values of its mins and maxes and the rows of its
     * latests. What its size grows with; everything else in it is a few numbers per aggregate.
     */
    public int heldValues() {
        int held = valueCount();
        for (Accumulator accumulator : accumulators) {
            if (accumulator instanceof LatestAccumulator latest) {
                held += latest.size();
            }
        }
        return held;
    }

    /** Every value the mins and maxes hold, as the store keeps them. */
    public List<ValueCount> values() {
        List<ValueCount> values = new ArrayList<>();
        for (int i = 0; i < accumulators.length; i++) {
            if (ownValues(i) != null) {
                values.addAll(ownValues(i).values(definitions.get(i).name()));
            }
        }
        return values;
    }

    /** The values aggregate {@code i} keeps itself: a min or max not reading another's; null for the rest. */
    private SortedMultiset ownValues(int i) {
        return sharesValuesOf[i] < 0 && accumulators[i] instanceof ExtremeAccumulator extreme ? extreme.values : null;
    }

    /**
     * Empties the state in place: no rows, every aggregate as new; the values its mins and maxes held count as
     * changed (gone), so that writing it removes them from the store too.
     */
    public void clear() {
        for (int i = 0; i < accumulators.length; i++) {
            if (ownValues(i) != null) {
                ownValues(i).clear();
            } else if (!(accumulators[i] instanceof ExtremeAccumulator)) {
                AggregateDefinition def = definitions.get(i);
                accumulators[i] = Accumulators.create(def.function(), def.inputType());
            }
        }
        rows = 0;
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
        return extreme(def, def.function().yamlName() + "(" + def.name() + ")", values);
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
