-- The values each min and max holds, one row per value with its multiplicity, apart from the aggregate's state
-- document (which says only how many there are): a batch writes the values whose multiplicity changed, not the
-- whole set. States written before keep their values inline until their next write moves them here.
CREATE TABLE tally_aggregate_value (
    pipeline     text   NOT NULL,
    aggregate_id text   NOT NULL,
    -- The min or max that owns the values (one kept for a min and a max over the same argument).
    slot         text   NOT NULL,
    -- Typed JSON text of the value, as the aggregate holds it ("12.30", 42).
    value        text   NOT NULL,
    count        bigint NOT NULL CHECK (count > 0),
    -- No foreign key to tally_aggregate: its check would lock the aggregate row once more per value written. The one
    -- statement that deletes aggregates (windows expiring) deletes their values with them.
    PRIMARY KEY (pipeline, aggregate_id, slot, value)
);
