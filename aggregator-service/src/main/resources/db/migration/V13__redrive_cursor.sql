-- Where "re-drive all" stands in each partition of a pipeline's dead-letter topic: every entry before next_offset was
-- re-driven, or judged for good, by an earlier "all", so the next one starts there instead of at the topic's start.
CREATE TABLE tally_redrive_cursor (
    pipeline      text    NOT NULL,
    dlq_partition integer NOT NULL,
    next_offset   bigint  NOT NULL,
    PRIMARY KEY (pipeline, dlq_partition)
);
