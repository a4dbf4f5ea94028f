-- The accumulator state is only ever read back whole by the aggregator: store it as text, so
-- PostgreSQL does not parse and re-encode it as jsonb on every batch.
ALTER TABLE tally_aggregate ALTER COLUMN state TYPE text USING state::text;
