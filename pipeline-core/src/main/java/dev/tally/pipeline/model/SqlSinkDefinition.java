package dev.tally.pipeline.model;

/**
 * A SQL table kept equal to the aggregates: one row per group (and window).
 *
 * @param name    the sink's name
 * @param table   the target table, created when missing
 * @param onEmpty what happens to the row of a group that no longer has any contributing row
 */
public record SqlSinkDefinition(String name, String table, OnEmpty onEmpty) implements SinkDefinition {

    /** What the SQL sink does with a group whose last row went away. */
    public enum OnEmpty {
        DELETE,
        KEEP
    }
}
