-- Aggregate updates leave as logical decoding messages of the batch transaction (pg_logical_emit_message, prefix
-- tally.outbox), not as rows inserted and deleted again: the outbox table goes. The outbox connector still needs a
-- publication to stream from (pgoutput sends messages whatever the publication holds); an empty one is enough, and
-- the connector no longer creates it (publication.autocreate.mode: disabled).
DROP TABLE IF EXISTS outbox;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'tally_outbox') THEN
        CREATE PUBLICATION tally_outbox;
    END IF;
END
$$;
