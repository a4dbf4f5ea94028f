-- A re-driven publish dead letter goes out through the outbox: where it lands on the aggregates topic is known only
-- once the outbox connector has published it, so the log keeps its topic without a partition and offset.
ALTER TABLE tally_redrive ALTER COLUMN target_partition DROP NOT NULL;
ALTER TABLE tally_redrive ALTER COLUMN target_offset DROP NOT NULL;
