package dev.tally.pipeline.cdc;

/** A captured table: database (catalog), schema (may be null, as for MySQL) and table name. */
public record TableId(String database, String schema, String table) {

    /** {@code schema.table}, or just {@code table} when there is no schema: the form pipelines use. */
    public String qualifiedName() {
        return schema == null || schema.isEmpty() ? table : schema + "." + table;
    }

    /**
     * Whether this is the table a pipeline names {@code declared}: {@code schema.table} (PostgreSQL, SQL Server,
     * Oracle), {@code database.table} (MySQL, MariaDB) or a bare table name, in any case (Oracle reports upper case).
     */
    public boolean matches(String declared) {
        return declared.equalsIgnoreCase(qualifiedName())
                || (database != null && declared.equalsIgnoreCase(database + "." + table))
                || declared.equalsIgnoreCase(table) && (schema == null || schema.isEmpty());
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
