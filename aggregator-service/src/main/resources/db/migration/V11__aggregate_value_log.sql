-- The values of mins and maxes as a log per aggregate, not a row per value: a version that changed values appends a
-- row with the new multiplicities of those it changed (a delta, 0: gone), and every 64 versions (more for an aggregate
-- holding more values) a row with every value (a snapshot), which deletes the aggregate's rows before it. A row per changed value, with its primary-key entry,
-- cost PostgreSQL about 23 CPU-µs per change event in the aggregation bench (BENCHMARKS.md).
CREATE TABLE tally_aggregate_value_log (
    pipeline     text     NOT NULL,
    aggregate_id text     NOT NULL,
    -- the aggregate version that wrote the row
    version      bigint   NOT NULL,
    snapshot     boolean  NOT NULL,
    -- parallel arrays: element i is a value of the min or max slots[i] ("12.30", 42 as typed JSON text), with its
    -- multiplicity counts[i]
    slots        text[]   NOT NULL,
    vals         text[]   NOT NULL,
    counts       bigint[] NOT NULL,
    PRIMARY KEY (pipeline, aggregate_id, version)
);

-- What V9 kept becomes each aggregate's snapshot at its current version.
INSERT INTO tally_aggregate_value_log (pipeline, aggregate_id, version, snapshot, slots, vals, counts)
SELECT v.pipeline, v.aggregate_id, a.version, true, array_agg(v.slot ORDER BY v.slot, v.value),
       array_agg(v.value ORDER BY v.slot, v.value), array_agg(v.count ORDER BY v.slot, v.value)
FROM tally_aggregate_value v
JOIN tally_aggregate a ON a.pipeline = v.pipeline AND a.aggregate_id = v.aggregate_id
GROUP BY v.pipeline, v.aggregate_id, a.version;
DROP TABLE tally_aggregate_value;

-- The values each aggregate holds now, a row each, as V9 kept them: for operators and tests.
CREATE VIEW tally_aggregate_value AS
SELECT pipeline, aggregate_id, slot, value, count
FROM (
    SELECT DISTINCT ON (l.pipeline, l.aggregate_id, e.slot, e.value)
           l.pipeline, l.aggregate_id, e.slot, e.value, e.count
    FROM tally_aggregate_value_log l
    CROSS JOIN LATERAL unnest(l.slots, l.vals, l.counts) AS e(slot, value, count)
    WHERE l.version >= (SELECT max(s.version) FROM tally_aggregate_value_log s
                        WHERE s.pipeline = l.pipeline AND s.aggregate_id = l.aggregate_id AND s.snapshot)
    ORDER BY l.pipeline, l.aggregate_id, e.slot, e.value, l.version DESC
) latest
WHERE count > 0;
