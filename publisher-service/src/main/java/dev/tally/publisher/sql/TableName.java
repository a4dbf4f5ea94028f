package dev.tally.publisher.sql;

import java.util.Optional;

/**
 * A sink table name as a pipeline declares it, {@code table} or {@code schema.table}, quoted for SQL so that its
 * spelling is kept exactly (a declared {@code Sales} is the table {@code "Sales"}).
 */
record TableName(Optional<String> schema, String table) {

    static TableName parse(String declared) {
        int dot = declared.indexOf('.');
        return dot < 0 ? new TableName(Optional.empty(), declared)
                : new TableName(Optional.of(declared.substring(0, dot)), declared.substring(dot + 1));
    }

    /** The name for SQL statements, e.g. {@code "reporting"."sales"}. */
    String quoted() {
        return schema.map(s -> SqlIdentifiers.quote(s) + ".").orElse("") + SqlIdentifiers.quote(table);
    }

    @Override
    public String toString() {
        return quoted();
    }
}
