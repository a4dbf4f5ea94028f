package dev.tally.pipeline.cdc;

/** A captured table: database (catalog), schema (may be null, as for MySQL) and table name. */
public record TableId(String database, String schema, String table) {

    /** {@code schema.table}, or just {@code table} when there is no schema: the form pipelines use. */
    public String qualifiedName() {
        return schema == null || schema.isEmpty() ? table : schema + "." + table;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
